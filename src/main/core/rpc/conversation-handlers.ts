import { err, ok } from '../../../shared/contract/result'
import type { ChatService } from '../chat/chat-service'
import type { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import type { Handlers } from './dispatch'
import { ImportUploads } from './import-uploads'

/** How long a deleted conversation can be brought back from the toast before it is purged. */
export const UNDO_MS = 8_000

export interface ConversationHandlerDeps {
  store: HistoryStore
  chat: ChatService
  events: CoreEvents
  /** Injected so tests can run the purge at once. */
  schedule?: (task: () => void, ms: number) => void
  now?: () => number
}

/** The conversation list, management, search, export and import, over the history store. */
export function conversationHandlers(deps: ConversationHandlerDeps) {
  const { store, chat, events } = deps
  const schedule = deps.schedule ?? ((task, ms) => setTimeout(task, ms).unref())
  const now = deps.now ?? Date.now
  const changed = (id: string) => events.emit('conversations.changed', { ids: [id] })
  const uploads = new ImportUploads(now)
  const importFile = async (content: string) => {
    const report = await store.importJson(content)
    if (report.ok) events.emit('conversations.changed', { ids: [] })
    return report
  }

  return {
    'conversations.list': ({ limit, offset }) =>
      ok({
        conversations: store.listConversations({
          ...(limit === undefined ? {} : { limit }),
          ...(offset === undefined ? {} : { offset }),
        }),
      }),
    'conversations.get': (input) => chat.getConversation(input),
    'conversations.create': ({ title }) => {
      const created = store.createConversation(title === undefined ? {} : { title })
      if (created.ok) changed(created.value.id)
      return created
    },
    'conversations.rename': ({ id, title }) => {
      const renamed = store.setTitle(id, title)
      if (renamed.ok) changed(id)
      return renamed
    },
    'conversations.setPinned': ({ id, pinned }) => {
      const result = store.setPinned(id, pinned)
      if (result.ok) changed(id)
      return result
    },
    'conversations.delete': ({ id }) => {
      if (chat.isStreaming(id))
        return err('BUSY', 'A reply is still being written in this conversation. Stop it first.')
      const deleted = store.deleteConversation(id)
      if (!deleted.ok) return deleted
      changed(id)
      // Gone for good only once the undo window has passed (and again at the next start).
      schedule(() => void store.purgeDeleted(now() - UNDO_MS), UNDO_MS + 1_000)
      return ok({ ...deleted.value, undoMs: UNDO_MS })
    },
    'conversations.restore': ({ id }) => {
      const restored = store.restoreConversation(id)
      if (restored.ok) changed(id)
      return restored
    },
    'conversations.search': ({ query, limit }) =>
      ok({ hits: store.search(query, limit === undefined ? {} : { limit }) }),
    'conversations.export': ({ ids, format }) => {
      const day = new Date(now()).toISOString().slice(0, 10)
      if (format === 'markdown') {
        const markdown = store.exportMarkdown(ids)
        if (!markdown.ok) return markdown
        return ok({
          fileName: `hearth-conversations-${day}.md`,
          mimeType: 'text/markdown',
          content: markdown.value,
        })
      }
      const file = store.exportJson(ids)
      if (!file.ok) return file
      return ok({
        fileName: `hearth-conversations-${day}.json`,
        mimeType: 'application/json',
        content: `${JSON.stringify(file.value, null, 2)}\n`,
      })
    },
    'conversations.import': async ({ content }) => importFile(content),
    'conversations.importPart': async (part) => {
      const added = uploads.add(part)
      if (!added.ok) return added
      const { receivedChars, file } = added.value
      if (file === null) return ok({ receivedChars, report: null })
      const report = await importFile(file)
      return report.ok ? ok({ receivedChars, report: report.value }) : report
    },
  } satisfies Partial<Handlers>
}
