import type { HearthClient } from '../transport/client'
import { applyNewerPage, applyOlderPage } from './chat-page-reducers'
import type { ChatData } from './chat-state'

/** Messages per page as the chat opens and scrolls: a few screens, cheap to render. */
export const PAGE_SIZE = 50

/** The most messages one read may return (the contract's limit). */
export const MAX_PAGE = 1000

/** How long a message found by search stays marked. */
const HIGHLIGHT_MS = 2_500

/** Paging through a long conversation and going to a message found by search. */
export interface ChatPageActions {
  /** Adds the page of older messages above the ones in view (no-op when there is none). */
  loadOlder: () => Promise<void>
  /** Adds the page of newer messages below, after a search hit opened one in the middle. */
  loadNewer: () => Promise<void>
  /** Shows the newest messages (reading the newest page when they are not loaded). */
  jumpToLatest: () => Promise<void>
  /**
   * Opens `conversationId` on the page around `messageId` (switching to its branch when it is on
   * another) unless it is in view, and marks it for a moment so the list scrolls to it; a null
   * message only opens the conversation.
   */
  showMessage: (conversationId: string, messageId: string | null) => Promise<void>
}

type Set = (partial: Partial<ChatData> | ((state: ChatData) => Partial<ChatData>)) => void

export interface PageActionHelpers {
  /** Opens a conversation on its newest page, or around a message; resolves false on failure. */
  open(conversationId: string, around?: string): Promise<boolean>
  /** Reads the newest page in place of what is in view. */
  readNewest(): Promise<boolean>
  /** The current read's ticket: a page that comes back after a newer read is dropped. */
  ticket(): number
}

/** The paging slice of the chat store (zustand's slices pattern). */
export function chatPageActions(
  client: HearthClient,
  set: Set,
  get: () => ChatData,
  helpers: PageActionHelpers,
): ChatPageActions {
  let highlightTimer: ReturnType<typeof setTimeout> | null = null

  async function loadPage(direction: 'older' | 'newer'): Promise<void> {
    const state = get()
    const cursor = direction === 'older' ? state.olderCursor : state.newerCursor
    if (state.conversationId === null || cursor === null || state.loadingPage !== null) return
    const ticket = helpers.ticket()
    set({ loadingPage: direction })
    const result = await client.invoke('conversations.get', {
      id: state.conversationId,
      limit: PAGE_SIZE,
      ...(direction === 'older' ? { before: cursor } : { after: cursor }),
    })
    if (ticket !== helpers.ticket()) return
    if (!result.ok) set({ loadingPage: null, error: result.error.message })
    else if (direction === 'older') set((s) => applyOlderPage(s, result.value))
    else set((s) => applyNewerPage(s, result.value))
  }

  return {
    loadOlder: () => loadPage('older'),
    loadNewer: () => loadPage('newer'),
    async jumpToLatest() {
      if (get().newerCursor !== null) await helpers.readNewest()
    },
    async showMessage(conversationId, messageId) {
      const state = get()
      const inView = messageId !== null && state.messages[messageId] !== undefined
      if (state.conversationId !== conversationId || (messageId !== null && !inView)) {
        const opened = await helpers.open(conversationId, messageId ?? undefined)
        if (!opened && messageId !== null) {
          // The message is gone (deleted since the search): show the conversation and say so.
          await helpers.open(conversationId)
          set({ error: 'That message is no longer in this conversation.' })
          return
        }
      }
      if (highlightTimer !== null) clearTimeout(highlightTimer)
      highlightTimer = null
      set({ highlightedId: messageId })
      if (messageId === null) return
      highlightTimer = setTimeout(() => {
        highlightTimer = null
        if (get().highlightedId === messageId) set({ highlightedId: null })
      }, HIGHLIGHT_MS)
    },
  }
}
