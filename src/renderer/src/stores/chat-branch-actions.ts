import type { ConversationSampling } from '../../../shared/contract/schemas/conversations'
import type { HearthClient } from '../transport/client'
import { sendFailed, sendSucceeded, type LocalIds } from './chat-reducers'
import { applyConversation } from './chat-reducers'
import { startEdit } from './chat-branch-reducers'
import type { ChatData } from './chat-state'

/** Edit, branches, message delete with undo and the conversation's own settings. */
export interface ChatBranchActions {
  /** Opens the editor on a user message (null closes it). */
  startEditing: (messageId: string | null) => void
  /** Opens the editor on the last user message in view (Up in an empty composer). */
  editLast: () => boolean
  /** Sends an edited message as a new branch; the original stays as another. */
  edit: (messageId: string, text: string) => Promise<void>
  /** Shows the branch through `messageId` and its newest continuation. */
  switchBranch: (messageId: string) => Promise<void>
  /** Deletes a message and everything after it; `undoDelete` brings them back for a while. */
  deleteMessage: (messageId: string) => Promise<void>
  undoDelete: () => Promise<void>
  dismissDelete: () => void
  /**
   * Sets the conversation's own system prompt and sampling (null: the app's). A new chat is
   * created first, so its first message already uses them.
   */
  saveConversationSettings: (patch: {
    systemPrompt?: string | null
    sampling?: ConversationSampling | null
  }) => Promise<boolean>
  /** Shows a short confirmation ("Reply copied."). */
  setNotice: (notice: string | null) => void
}

type Set = (partial: Partial<ChatData> | ((state: ChatData) => Partial<ChatData>)) => void
type Get = () => ChatData & { generation: ChatData['generation'] }

export interface BranchActionHelpers {
  reload(): Promise<void>
  localIds(): LocalIds
  /** Runs `task` after `ms` (injectable in tests); returns a cancel function. */
  later(task: () => void, ms: number): () => void
}

/** The branch slice of the chat store (zustand's slices pattern). */
export function chatBranchActions(
  client: HearthClient,
  set: Set,
  get: Get,
  helpers: BranchActionHelpers,
): ChatBranchActions {
  let cancelUndo: (() => void) | null = null
  const clearUndo = () => {
    cancelUndo?.()
    cancelUndo = null
  }

  return {
    startEditing: (messageId) => set({ editingId: messageId }),
    editLast() {
      const state = get()
      if (state.generation !== null) return false
      const lastUser = [...state.messageIds].reverse().find((id) => {
        const message = state.messages[id]
        return message?.role === 'user' && !id.startsWith('local-')
      })
      if (lastUser === undefined) return false
      set({ editingId: lastUser })
      return true
    },
    async edit(messageId, text) {
      const state = get()
      if (text.trim() === '' || state.generation !== null) return
      const ids = helpers.localIds()
      set((s) => startEdit(s, messageId, text, ids))
      const result = await client.invoke('chat.edit', { messageId, text })
      if (result.ok) {
        set((s) => sendSucceeded(s, result.value, ids))
      } else {
        // Nothing was sent: put the conversation back as main has it, with the reason.
        set((s) => ({ ...sendFailed(s, result.error, '', ids), draft: s.draft }))
        await helpers.reload()
      }
    },
    async switchBranch(messageId) {
      if (get().generation !== null) return
      const result = await client.invoke('conversations.switchBranch', { messageId })
      if (result.ok) set((s) => applyConversation(s, result.value))
      else set({ error: result.error.message })
    },
    async deleteMessage(messageId) {
      if (get().generation !== null) return
      const result = await client.invoke('conversations.deleteMessage', { messageId })
      if (!result.ok) {
        set({ error: result.error.message })
        return
      }
      clearUndo()
      set({ pendingDelete: result.value, editingId: null })
      const undoId = result.value.undoId
      cancelUndo = helpers.later(() => {
        cancelUndo = null
        if (get().pendingDelete?.undoId === undoId) set({ pendingDelete: null })
      }, result.value.undoMs)
      await helpers.reload()
    },
    async undoDelete() {
      const pending = get().pendingDelete
      if (pending === null) return
      clearUndo()
      set({ pendingDelete: null })
      const result = await client.invoke('conversations.restoreMessages', {
        undoId: pending.undoId,
      })
      if (!result.ok) set({ error: result.error.message })
      else if (get().conversationId === pending.conversationId) await helpers.reload()
    },
    dismissDelete() {
      clearUndo()
      set({ pendingDelete: null })
    },
    async saveConversationSettings(patch) {
      let id = get().conversationId
      if (id === null) {
        const created = await client.invoke('conversations.create', {})
        if (!created.ok) {
          set({ error: created.error.message })
          return false
        }
        id = created.value.id
        set({ conversationId: id, conversation: created.value })
      }
      const result = await client.invoke('conversations.updateSettings', { id, ...patch })
      if (!result.ok) {
        set({ error: result.error.message })
        return false
      }
      if (get().conversationId === id) set({ conversation: result.value })
      return true
    },
    setNotice: (notice) => set({ notice }),
  }
}
