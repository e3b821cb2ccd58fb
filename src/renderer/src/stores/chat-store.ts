import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import type { HearthClient } from '../transport/client'
import { chatBranchActions, type ChatBranchActions } from './chat-branch-actions'
import {
  applyBranchInfo,
  applyConversation,
  applyDelta,
  applyDone,
  sendFailed,
  sendSucceeded,
  startSend,
} from './chat-reducers'
import { continueFailed, startContinue, startRegenerate } from './chat-branch-reducers'
import { initialChatData, type ChatData } from './chat-state'

/** How long a message found by search stays marked. */
export const HIGHLIGHT_MS = 2_500

/** What the chat view can ask of the store. */
export interface ChatActions {
  setDraft(text: string): void
  /**
   * Sends `text` (default: the draft). No-op for blank text or while a reply is streaming. `quick`
   * marks a conversation this send starts as one from the quick prompt.
   */
  send(text?: string, options?: { quick?: boolean }): Promise<void>
  /** Asks main to stop the streaming reply; `chat.done` with `stopped` ends it. */
  stop(): Promise<void>
  /** Opens a stored conversation. */
  open(conversationId: string): Promise<void>
  /** Asks for a new reply in place of the latest one (main keeps the old one as a branch). */
  regenerate(assistantMessageId: string): Promise<void>
  /** Carries on a stopped, cut-off or interrupted reply; the new text is appended to it. */
  continueReply(assistantMessageId: string): Promise<void>
  /**
   * Opens `conversationId` (unless it is open) and marks `messageId` for a moment so the list
   * scrolls to it; a null message only opens the conversation.
   */
  showMessage(conversationId: string, messageId: string | null): Promise<void>
  /** Re-reads the current conversation from main (after a seq gap or a reconnect). */
  reload(): Promise<void>
  /** Starts a new, empty conversation (the next send creates it). */
  reset(): void
  dismissError(): void
  /** Subscribes to chat events and reconnects; returns a function that unsubscribes. */
  connect(): () => void
}

export type ChatState = ChatData & ChatActions & ChatBranchActions

/**
 * The chat store's state creator, apart from any hook so each test builds a fresh store (zustand's
 * testing guide). All state changes go through the pure reducers in chat-reducers.ts.
 */
export function chatStateCreator(
  client: HearthClient,
  later: (task: () => void, ms: number) => () => void = defaultLater,
): StateCreator<ChatState> {
  return (set, get) => {
    let localCounter = 0
    // Only the newest reload may apply: an older answer would roll the view back.
    let reloadTicket = 0

    async function reload(): Promise<void> {
      const id = get().conversationId
      if (id === null) return
      const ticket = ++reloadTicket
      const result = await client.invoke('conversations.get', { id })
      if (ticket !== reloadTicket) return
      if (!result.ok) {
        set({ error: result.error.message })
        return
      }
      set((state) => applyConversation(state, result.value))
    }

    /**
     * After a reply ends: which messages now have alternatives, the context meter and divider, and
     * how the reply was made. Only that is taken; the streamed text stays as it is.
     */
    async function refreshBranchInfo(conversationId: string): Promise<void> {
      const ticket = reloadTicket
      const result = await client.invoke('conversations.get', { id: conversationId })
      if (ticket !== reloadTicket || !result.ok || get().conversationId !== conversationId) return
      set((state) => applyBranchInfo(state, result.value))
    }

    let highlightTimer: ReturnType<typeof setTimeout> | null = null

    async function open(conversationId: string): Promise<void> {
      reloadTicket++
      set({ ...initialChatData, conversationId, draft: get().draft })
      await reload()
    }

    return {
      ...initialChatData,
      ...chatBranchActions(client, set, get, {
        reload,
        later,
        localIds() {
          localCounter += 1
          return {
            user: `local-user-${localCounter}`,
            assistant: `local-assistant-${localCounter}`,
          }
        },
      }),
      setDraft: (text) => set({ draft: text }),
      async send(text, options) {
        const state = get()
        const toSend = text ?? state.draft
        if (toSend.trim() === '' || state.generation !== null) return
        localCounter += 1
        const ids = {
          user: `local-user-${localCounter}`,
          assistant: `local-assistant-${localCounter}`,
        }
        set((s) => startSend(s, toSend, ids))
        const input =
          state.conversationId === null
            ? { text: toSend, ...(options?.quick === true ? { quick: true } : {}) }
            : { conversationId: state.conversationId, text: toSend }
        const result = await client.invoke('chat.send', input)
        if (result.ok) set((s) => sendSucceeded(s, result.value, ids))
        else set((s) => sendFailed(s, result.error, toSend, ids))
      },
      async stop() {
        const generationId = get().generation?.id
        if (!generationId) return
        const result = await client.invoke('chat.stop', { generationId })
        if (!result.ok) set({ error: result.error.message })
      },
      open,
      async regenerate(replyId) {
        if (get().generation !== null) return
        localCounter += 1
        const localId = `local-assistant-${localCounter}`
        set((s) => startRegenerate(s, replyId, localId))
        const result = await client.invoke('chat.regenerate', { assistantMessageId: replyId })
        if (result.ok) {
          const ids = { user: result.value.userMessageId, assistant: localId }
          set((s) => sendSucceeded(s, result.value, ids))
        } else {
          set({ error: result.error.message, generation: null, early: {} })
          await reload()
        }
      },
      async continueReply(replyId) {
        const before = get().messages[replyId]
        if (get().generation !== null || !before) return
        set((s) => startContinue(s, replyId))
        const result = await client.invoke('chat.continue', { assistantMessageId: replyId })
        if (result.ok) {
          const ids = { user: result.value.userMessageId, assistant: replyId }
          set((s) => sendSucceeded(s, result.value, ids))
        } else {
          set((s) => continueFailed(s, before, result.error.message))
        }
      },
      async showMessage(conversationId, messageId) {
        if (get().conversationId !== conversationId) await open(conversationId)
        if (highlightTimer !== null) clearTimeout(highlightTimer)
        highlightTimer = null
        set({ highlightedId: messageId })
        if (messageId === null) return
        highlightTimer = setTimeout(() => {
          highlightTimer = null
          if (get().highlightedId === messageId) set({ highlightedId: null })
        }, HIGHLIGHT_MS)
      },
      reload,
      reset: () => {
        reloadTicket++
        set({ ...initialChatData, draft: get().draft })
      },
      dismissError: () => set({ error: null }),
      connect() {
        const offDelta = client.on('chat.delta', (delta) => {
          const outcome = applyDelta(get(), delta)
          if (outcome.state !== get()) set(outcome.state)
          if (outcome.reload) void reload()
        })
        const offDone = client.on('chat.done', (done) => {
          set((s) => applyDone(s, done))
          if (done.conversationId === get().conversationId)
            void refreshBranchInfo(done.conversationId)
        })
        const offReconnect = client.onReconnect(() => void reload())
        return () => {
          offDelta()
          offDone()
          offReconnect()
        }
      },
    }
  }
}

function defaultLater(task: () => void, ms: number): () => void {
  const timer = setTimeout(task, ms)
  return () => clearTimeout(timer)
}

/** A fresh chat store bound to `client`; `later` schedules the undo window's end (tests pass their own). */
export function createChatStore(
  client: HearthClient,
  later?: (task: () => void, ms: number) => () => void,
): StoreApi<ChatState> {
  return createStore<ChatState>()(chatStateCreator(client, later))
}
