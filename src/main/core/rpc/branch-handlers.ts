import { randomUUID } from 'node:crypto'
import { err, ok } from '../../../shared/contract/result'
import type { ChatService } from '../chat/chat-service'
import type { CoreEvents } from '../events'
import type { DeletedMessages } from '../store/branches'
import type { HistoryStore } from '../store/history-store'
import { UNDO_MS } from './conversation-handlers'
import type { Handlers } from './dispatch'

export interface BranchHandlerDeps {
  store: HistoryStore
  chat: ChatService
  events: CoreEvents
  /** Injected so tests can expire an undo at once. */
  schedule?: (task: () => void, ms: number) => void
}

/**
 * Editing, branch switching, deleting a message with what followed (undoable for UNDO_MS, like a
 * conversation) and a conversation's own settings.
 */
export function branchHandlers(deps: BranchHandlerDeps) {
  const { store, chat, events } = deps
  const schedule = deps.schedule ?? ((task, ms) => setTimeout(task, ms).unref())
  const changed = (id: string) => events.emit('conversations.changed', { ids: [id] })
  // What a delete took out, kept in memory until its undo window has passed.
  const undoable = new Map<string, DeletedMessages>()

  return {
    'chat.edit': (input) => chat.edit(input),
    'conversations.switchBranch': ({ messageId }) => chat.switchBranch(messageId),
    'conversations.updateSettings': ({ id, systemPrompt, sampling }) => {
      const updated = store.updateSettings(id, {
        ...(systemPrompt === undefined ? {} : { systemPrompt }),
        ...(sampling === undefined ? {} : { sampling }),
      })
      if (updated.ok) changed(id)
      return updated
    },
    'conversations.deleteMessage': ({ messageId }) => {
      const message = store.getMessage(messageId)
      if (!message.ok) return message
      if (chat.isStreaming(message.value.conversationId))
        return err('BUSY', 'A reply is still being written in this conversation. Stop it first.')
      const deleted = store.deleteMessages(messageId)
      if (!deleted.ok) return deleted
      const undoId = randomUUID()
      undoable.set(undoId, deleted.value)
      schedule(() => undoable.delete(undoId), UNDO_MS)
      changed(deleted.value.conversationId)
      return ok({
        conversationId: deleted.value.conversationId,
        undoId,
        deleted: deleted.value.rows.length,
        undoMs: UNDO_MS,
      })
    },
    'conversations.restoreMessages': ({ undoId }) => {
      const deleted = undoable.get(undoId)
      if (deleted === undefined)
        return err('NOT_FOUND', 'Those messages can no longer be brought back.')
      if (chat.isStreaming(deleted.conversationId))
        return err('BUSY', 'A reply is still being written in this conversation. Stop it first.')
      const restored = store.restoreMessages(deleted)
      if (!restored.ok) return restored
      undoable.delete(undoId)
      changed(deleted.conversationId)
      return ok({ conversationId: deleted.conversationId, restored: restored.value })
    },
  } satisfies Partial<Handlers>
}
