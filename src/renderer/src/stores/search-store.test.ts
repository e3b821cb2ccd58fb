import { describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import type { SearchHit } from '../../../shared/contract/schemas/conversations'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { ok } from '../test/fixtures'
import { searchStateCreator, type SearchState } from './search-store'

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
  const store = createStore<SearchState>()(searchStateCreator(createClient(transport), 20))
  return { transport, store }
}

describe('search-store', () => {
  it('searches once typing pauses, with the last query only', async () => {
    const ctx = setup()
    ctx.store.getState().show()
    ctx.store.getState().setQuery('h')
    ctx.store.getState().setQuery('he')
    ctx.store.getState().setQuery('hel')
    await vi.waitFor(() => expect(ctx.store.getState().hits).toHaveLength(3))
    expect(ctx.transport.callsTo('conversations.search')).toEqual([
      { channel: 'conversations.search', input: { query: 'hel', limit: 50 } },
    ])
    expect(ctx.store.getState().hits[0]?.conversationId).toBe('hel1')
  })

  it('moves the selection with wrap-around and clears everything on close', async () => {
    const ctx = setup()
    ctx.store.getState().show()
    ctx.store.getState().setQuery('a')
    await vi.waitFor(() => expect(ctx.store.getState().hits).toHaveLength(3))
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
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(ctx.transport.callsTo('conversations.search')).toHaveLength(0)
    expect(ctx.store.getState().searching).toBe(false)
  })
})
