import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import type { SearchHit } from '../../../shared/contract/schemas/conversations'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { ok } from '../test/fixtures'
import { SEARCH_DEBOUNCE_MS, searchStateCreator, type SearchState } from './search-store'

const hit = (id: string): SearchHit => ({
  conversationId: id,
  messageId: `m-${id}`,
  conversationTitle: `T ${id}`,
  snippet: `x \u0002${id}\u0003 y`,
})

function setup() {
  const transport = new FakeTransport().respond('conversations.search', (input) => {
    const query = (input as { query: string }).query
    return ok({ hits: [hit(`${query}1`), hit(`${query}2`), hit(`${query}3`)] })
  })
  const store = createStore<SearchState>()(searchStateCreator(createClient(transport)))
  return { transport, store }
}

describe('search-store', () => {
  // The debounce is the subject: fake timers step past it exactly, and the answer's promise
  // chain settles within the same advance.
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('searches once typing pauses, with the last query only', async () => {
    const ctx = setup()
    ctx.store.getState().show()
    ctx.store.getState().setQuery('h')
    ctx.store.getState().setQuery('he')
    ctx.store.getState().setQuery('hel')
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1)
    expect(ctx.transport.callsTo('conversations.search')).toEqual([])
    expect(ctx.store.getState().searching).toBe(true)
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.store.getState().hits).toHaveLength(3)
    expect(ctx.store.getState().searching).toBe(false)
    expect(ctx.transport.callsTo('conversations.search')).toEqual([
      { channel: 'conversations.search', input: { query: 'hel', limit: 50 } },
    ])
    expect(ctx.store.getState().hits[0]?.conversationId).toBe('hel1')
  })

  it('moves the selection with wrap-around and clears everything on close', async () => {
    const ctx = setup()
    ctx.store.getState().show()
    ctx.store.getState().setQuery('a')
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS)
    expect(ctx.store.getState().hits).toHaveLength(3)
    ctx.store.getState().move(-1)
    expect(ctx.store.getState().selected).toBe(2)
    ctx.store.getState().move(1)
    expect(ctx.store.getState().selected).toBe(0)
    ctx.store.getState().close()
    expect(ctx.store.getState()).toMatchObject({ open: false, query: '', hits: [], selected: 0 })
  })

  it('does not search for blank text', async () => {
    const ctx = setup()
    ctx.store.getState().setQuery('   ')
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(10 * SEARCH_DEBOUNCE_MS)
    expect(ctx.transport.callsTo('conversations.search')).toHaveLength(0)
    expect(ctx.store.getState().searching).toBe(false)
  })
})
