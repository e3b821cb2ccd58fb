import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla'
import type { SearchHit } from '../../../shared/contract/schemas/conversations'
import type { HearthClient } from '../transport/client'

/** Typing pauses this long before a query goes out, so each keystroke does not search. */
export const SEARCH_DEBOUNCE_MS = 120

interface SearchData {
  open: boolean
  query: string
  hits: SearchHit[]
  /** Index of the highlighted hit (arrow keys move it). */
  selected: number
  searching: boolean
  error: string | null
}

interface SearchActions {
  show(): void
  close(): void
  /** Sets the query; the search runs once typing pauses. */
  setQuery(query: string): void
  /** Moves the highlight by `delta`, wrapping at the ends. */
  move(delta: number): void
  select(index: number): void
}

export type SearchState = SearchData & SearchActions

const initialSearchData: SearchData = {
  open: false,
  query: '',
  hits: [],
  selected: 0,
  searching: false,
  error: null,
}

/** The search palette's state creator, apart from the hook so tests get a fresh store. */
export function searchStateCreator(
  client: HearthClient,
  debounceMs = SEARCH_DEBOUNCE_MS,
): StateCreator<SearchState> {
  return (set, get) => {
    let timer: ReturnType<typeof setTimeout> | null = null
    // An answer to an older query must never replace the newer one's hits.
    let ticket = 0

    function cancel(): void {
      if (timer !== null) clearTimeout(timer)
      timer = null
      ticket++
    }

    async function run(query: string): Promise<void> {
      const mine = ++ticket
      const result = await client.invoke('conversations.search', { query, limit: 50 })
      if (mine !== ticket) return
      if (result.ok) set({ hits: result.value.hits, selected: 0, searching: false, error: null })
      else set({ hits: [], searching: false, error: result.error.message })
    }

    return {
      ...initialSearchData,
      show: () => set({ open: true }),
      close() {
        cancel()
        set({ ...initialSearchData })
      },
      setQuery(query) {
        cancel()
        if (query.trim() === '') {
          set({ query, hits: [], selected: 0, searching: false, error: null })
          return
        }
        set({ query, searching: true })
        timer = setTimeout(() => {
          timer = null
          void run(query.trim())
        }, debounceMs)
      },
      move(delta) {
        const count = get().hits.length
        if (count === 0) return
        set((state) => ({ selected: (((state.selected + delta) % count) + count) % count }))
      },
      select: (index) => set({ selected: index }),
    }
  }
}

/** A fresh search store bound to `client`. */
export function createSearchStore(client: HearthClient): StoreApi<SearchState> {
  return createStore<SearchState>()(searchStateCreator(client))
}
