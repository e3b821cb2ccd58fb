import { createStore, type StoreApi } from 'zustand/vanilla'
import type { RequestOutput } from '../../../shared/contract/contract'
import { MAX_REQUEST_CHARS } from '../../../shared/contract/limits'
import type { Result } from '../../../shared/contract/result'
import type {
  ImportReport,
  StoredConversation,
  StoreNotice,
} from '../../../shared/contract/schemas/conversations'
import type { HearthClient } from '../transport/client'

/** A conversation deleted a moment ago that the undo toast can still bring back. */
interface PendingDelete {
  conversation: StoredConversation
  undoMs: number
}

interface ConversationsData {
  /** Pinned first, then by last activity: the order main sends. Deleted ones never appear. */
  conversations: StoredConversation[]
  loaded: boolean
  /** Why the last action failed, for the user. */
  error: string | null
  pendingDelete: PendingDelete | null
  importReport: ImportReport | null
  importError: string | null
  /** What main did at start that the user must hear about (shown once, dismissible). */
  notices: StoreNotice[]
}

export type ExportFormat = 'json' | 'markdown'
type ExportOutput = RequestOutput<'conversations.export'>

interface ConversationsActions {
  load: () => Promise<void>
  rename: (id: string, title: string) => Promise<boolean>
  setPinned: (id: string, pinned: boolean) => Promise<boolean>
  /** Hides the row at once and deletes it in main; the undo toast shows while main keeps it. */
  remove: (id: string) => Promise<boolean>
  /** Brings back the conversation of the undo toast. */
  undoDelete: () => Promise<boolean>
  dismissUndo: () => void
  exportConversations: (
    ids: string[] | 'all',
    format: ExportFormat,
  ) => Promise<Result<ExportOutput>>
  importFile: (content: string) => Promise<boolean>
  dismissImport: () => void
  loadNotices: () => Promise<void>
  dismissNotice: (index: number) => void
  dismissError: () => void
  /** Reloads on `conversations.changed` and reconnects; returns a function that unsubscribes. */
  connect: () => () => void
}

export type ConversationsState = ConversationsData & ConversationsActions

const initialConversationsData: ConversationsData = {
  conversations: [],
  loaded: false,
  error: null,
  pendingDelete: null,
  importReport: null,
  importError: null,
  notices: [],
}

/** Main's order: pinned first, then the most recent activity; used until the next reload. */
function sortConversations(list: StoredConversation[]): StoredConversation[] {
  return [...list].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt)
}

/** A fresh conversations store bound to `client`. */
export function createConversationsStore(client: HearthClient): StoreApi<ConversationsState> {
  return createStore<ConversationsState>()((set, get) => {
    // Only the newest load may apply, and a burst of change events costs at most two loads.
    let ticket = 0
    let inFlight: Promise<void> | null = null
    // How many loads were asked for: one asked while a load runs makes it run once more.
    let asked = 0
    // Rows being deleted stay hidden even if a load that started before the delete answers.
    const hidden = new Set<string>()
    let undoTimer: ReturnType<typeof setTimeout> | null = null

    function clearUndoTimer(): void {
      if (undoTimer !== null) clearTimeout(undoTimer)
      undoTimer = null
    }

    async function loadOnce(): Promise<void> {
      const mine = ++ticket
      const result = await client.invoke('conversations.list', {})
      if (mine !== ticket) return
      if (!result.ok) {
        set({ error: result.error.message, loaded: true })
        return
      }
      set({
        conversations: result.value.conversations.filter((c) => !hidden.has(c.id)),
        loaded: true,
      })
    }

    function load(): Promise<void> {
      asked++
      if (inFlight) return inFlight
      inFlight = (async () => {
        let answered: number
        do {
          answered = asked
          await loadOnce()
        } while (asked !== answered)
        inFlight = null
      })()
      return inFlight
    }

    function patch(id: string, change: Partial<StoredConversation>): void {
      set((state) => ({
        conversations: sortConversations(
          state.conversations.map((c) => (c.id === id ? { ...c, ...change } : c)),
        ),
      }))
    }

    return {
      ...initialConversationsData,
      load,
      async rename(id, title) {
        const trimmed = title.trim()
        const before = get().conversations.find((c) => c.id === id)
        if (!before || trimmed === '' || trimmed === before.title) return false
        patch(id, { title: trimmed })
        const result = await client.invoke('conversations.rename', { id, title: trimmed })
        if (result.ok) return true
        patch(id, { title: before.title })
        set({ error: result.error.message })
        return false
      },
      async setPinned(id, pinned) {
        patch(id, { pinned })
        const result = await client.invoke('conversations.setPinned', { id, pinned })
        if (result.ok) return true
        patch(id, { pinned: !pinned })
        set({ error: result.error.message })
        return false
      },
      async remove(id) {
        const conversation = get().conversations.find((c) => c.id === id)
        if (!conversation) return false
        hidden.add(id)
        set((state) => ({ conversations: state.conversations.filter((c) => c.id !== id) }))
        const result = await client.invoke('conversations.delete', { id })
        if (!result.ok) {
          hidden.delete(id)
          set({ error: result.error.message })
          await load()
          return false
        }
        clearUndoTimer()
        set({ pendingDelete: { conversation, undoMs: result.value.undoMs } })
        undoTimer = setTimeout(() => {
          undoTimer = null
          if (get().pendingDelete?.conversation.id === id) set({ pendingDelete: null })
        }, result.value.undoMs)
        return true
      },
      async undoDelete() {
        const pending = get().pendingDelete
        if (!pending) return false
        clearUndoTimer()
        set({ pendingDelete: null })
        const id = pending.conversation.id
        const result = await client.invoke('conversations.restore', { id })
        hidden.delete(id)
        if (!result.ok) {
          set({ error: result.error.message })
          return false
        }
        set((state) => ({
          conversations: sortConversations([
            ...state.conversations.filter((c) => c.id !== id),
            result.value,
          ]),
        }))
        return true
      },
      dismissUndo() {
        clearUndoTimer()
        set({ pendingDelete: null })
      },
      exportConversations: (ids, format) => client.invoke('conversations.export', { ids, format }),
      async importFile(content) {
        set({ importReport: null, importError: null })
        const result = await importInParts(client, content)
        if (!result.ok) {
          set({ importError: result.error.message })
          return false
        }
        set({ importReport: result.value })
        await load()
        return true
      },
      dismissImport: () => set({ importReport: null, importError: null }),
      async loadNotices() {
        const result = await client.invoke('app.notices', {})
        if (result.ok) set({ notices: result.value.notices })
      },
      dismissNotice: (index) =>
        set((state) => ({ notices: state.notices.filter((_, i) => i !== index) })),
      dismissError: () => set({ error: null }),
      connect() {
        const offChanged = client.on('conversations.changed', () => void load())
        const offReconnect = client.onReconnect(() => void load())
        return () => {
          offChanged()
          offReconnect()
          clearUndoTimer()
        }
      },
    }
  })
}

/**
 * Sends an import file: in one request when it fits, else in parts of MAX_REQUEST_CHARS (no request
 * may be larger than a WebSocket frame; issue 10), the last part answering the import's report.
 */
export async function importInParts(
  client: HearthClient,
  content: string,
): Promise<Result<ImportReport>> {
  if (content.length <= MAX_REQUEST_CHARS) return client.invoke('conversations.import', { content })
  const uploadId = crypto.randomUUID()
  for (let index = 0; index * MAX_REQUEST_CHARS < content.length; index++) {
    const start = index * MAX_REQUEST_CHARS
    const last = start + MAX_REQUEST_CHARS >= content.length
    const part = content.slice(start, start + MAX_REQUEST_CHARS)
    const sent = await client.invoke('conversations.importPart', {
      uploadId,
      index,
      content: part,
      last,
    })
    if (!sent.ok) return sent
    if (last && sent.value.report !== null) return { ok: true, value: sent.value.report }
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'The import ended without a report.' } }
}
