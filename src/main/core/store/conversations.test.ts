import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryStore } from './history-store'
import { openTestStore, tempDataDir, unwrap } from '../../../../test-support/store'

let clock = 1_000
let cleanup: () => void
let store: HistoryStore

beforeEach(async () => {
  const temp = tempDataDir()
  cleanup = temp.cleanup
  clock = 1_000
  store = await openTestStore(temp.dir, { now: () => clock++ })
})
afterEach(async () => {
  await store.close()
  cleanup()
})

describe('conversations', () => {
  it('creates with settings and reads them back', () => {
    const created = unwrap(
      store.createConversation({
        title: 'Trip',
        systemPrompt: 'Be brief.',
        sampling: { preset: 'llama3' },
        model: 'llama3.gguf',
      }),
    )
    const read = unwrap(store.getConversation(created.id))
    expect(read.conversation).toEqual(created)
    expect(created).toMatchObject({
      title: 'Trip',
      pinned: false,
      systemPrompt: 'Be brief.',
      sampling: { preset: 'llama3' },
      model: 'llama3.gguf',
    })
    expect(read.page).toEqual({
      messages: [],
      hasMore: false,
      before: null,
      hasNewer: false,
      after: null,
    })
  })

  it('renames, changes settings and answers NOT_FOUND for an unknown id', () => {
    const { id } = unwrap(store.createConversation())
    expect(unwrap(store.setTitle(id, 'Renamed')).title).toBe('Renamed')
    const updated = unwrap(store.updateSettings(id, { sampling: { values: { temperature: 0.2 } } }))
    expect(updated.sampling).toEqual({ values: { temperature: 0.2 } })
    expect(unwrap(store.updateSettings(id, { model: 'x.gguf' })).sampling).toEqual({
      values: { temperature: 0.2 },
    })
    const missing = store.setTitle('nope', 'x')
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.code).toBe('NOT_FOUND')
  })

  it('lists pinned first, then by last activity', () => {
    const a = unwrap(store.createConversation({ title: 'a' }))
    const b = unwrap(store.createConversation({ title: 'b' }))
    const c = unwrap(store.createConversation({ title: 'c' }))
    expect(store.listConversations().map((x) => x.title)).toEqual(['c', 'b', 'a'])
    unwrap(store.addUserMessage({ conversationId: a.id, text: 'hello' }))
    expect(store.listConversations().map((x) => x.title)).toEqual(['a', 'c', 'b'])
    unwrap(store.setPinned(b.id, true))
    expect(store.listConversations().map((x) => x.title)).toEqual(['b', 'a', 'c'])
    unwrap(store.setPinned(b.id, false))
    expect(store.listConversations().map((x) => x.title)).toEqual(['a', 'c', 'b'])
    expect(store.listConversations({ limit: 1, offset: 1 }).map((x) => x.id)).toEqual([c.id])
  })

  it('soft-deletes with undo, then purges for good', () => {
    const keep = unwrap(store.createConversation({ title: 'keep' }))
    const gone = unwrap(store.createConversation({ title: 'gone' }))
    unwrap(store.addUserMessage({ conversationId: gone.id, text: 'secret words' }))
    const deleted = unwrap(store.deleteConversation(gone.id))
    expect(store.listConversations().map((x) => x.id)).toEqual([keep.id])
    expect(store.listDeletedConversations().map((x) => x.id)).toEqual([gone.id])
    expect(store.search('secret')).toEqual([])
    expect(store.getConversation(gone.id).ok).toBe(false)

    unwrap(store.restoreConversation(gone.id))
    expect(store.listConversations().map((x) => x.id)).toContain(gone.id)
    expect(store.search('secret')).toHaveLength(1)

    unwrap(store.deleteConversation(gone.id))
    expect(unwrap(store.purgeDeleted(deleted.deletedAt))).toBe(0) // deleted after that time
    expect(unwrap(store.purgeDeleted(clock + 1))).toBe(1)
    expect(store.listDeletedConversations()).toEqual([])
    expect(store.restoreConversation(gone.id).ok).toBe(false)
    expect(store.search('secret')).toEqual([])
    expect(store.listConversations().map((x) => x.id)).toEqual([keep.id])
  })
})
