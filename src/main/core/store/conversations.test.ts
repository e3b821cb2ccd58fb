import { beforeEach, describe, expect, it } from 'vitest'
import { unwrap, useTestStore } from '../../../../test-support/store'

let clock = 1_000
beforeEach(() => {
  clock = 1_000
})
const db = useTestStore({ now: () => clock++ })

describe('conversations', () => {
  it('creates with settings and reads them back', () => {
    const created = unwrap(
      db.store.createConversation({
        title: 'Trip',
        systemPrompt: 'Be brief.',
        sampling: { preset: 'llama3' },
        model: 'llama3.gguf',
      }),
    )
    const read = unwrap(db.store.getConversation(created.id))
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
    const { id } = unwrap(db.store.createConversation())
    expect(unwrap(db.store.setTitle(id, 'Renamed')).title).toBe('Renamed')
    const updated = unwrap(
      db.store.updateSettings(id, { sampling: { values: { temperature: 0.2 } } }),
    )
    expect(updated.sampling).toEqual({ values: { temperature: 0.2 } })
    expect(unwrap(db.store.updateSettings(id, { model: 'x.gguf' })).sampling).toEqual({
      values: { temperature: 0.2 },
    })
    const missing = db.store.setTitle('nope', 'x')
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.code).toBe('NOT_FOUND')
  })

  it('lists pinned first, then by last activity', () => {
    const a = unwrap(db.store.createConversation({ title: 'a' }))
    const b = unwrap(db.store.createConversation({ title: 'b' }))
    const c = unwrap(db.store.createConversation({ title: 'c' }))
    expect(db.store.listConversations().map((x) => x.title)).toEqual(['c', 'b', 'a'])
    unwrap(db.store.addUserMessage({ conversationId: a.id, text: 'hello' }))
    expect(db.store.listConversations().map((x) => x.title)).toEqual(['a', 'c', 'b'])
    unwrap(db.store.setPinned(b.id, true))
    expect(db.store.listConversations().map((x) => x.title)).toEqual(['b', 'a', 'c'])
    unwrap(db.store.setPinned(b.id, false))
    expect(db.store.listConversations().map((x) => x.title)).toEqual(['a', 'c', 'b'])
    expect(db.store.listConversations({ limit: 1, offset: 1 }).map((x) => x.id)).toEqual([c.id])
  })

  it('soft-deletes with undo, then purges for good', () => {
    const keep = unwrap(db.store.createConversation({ title: 'keep' }))
    const gone = unwrap(db.store.createConversation({ title: 'gone' }))
    unwrap(db.store.addUserMessage({ conversationId: gone.id, text: 'secret words' }))
    const deleted = unwrap(db.store.deleteConversation(gone.id))
    expect(db.store.listConversations().map((x) => x.id)).toEqual([keep.id])
    expect(db.store.listDeletedConversations().map((x) => x.id)).toEqual([gone.id])
    expect(db.store.search('secret')).toEqual([])
    expect(db.store.getConversation(gone.id).ok).toBe(false)

    unwrap(db.store.restoreConversation(gone.id))
    expect(db.store.listConversations().map((x) => x.id)).toContain(gone.id)
    expect(db.store.search('secret')).toHaveLength(1)

    unwrap(db.store.deleteConversation(gone.id))
    expect(unwrap(db.store.purgeDeleted(deleted.deletedAt))).toBe(0) // deleted after that time
    expect(unwrap(db.store.purgeDeleted(clock + 1))).toBe(1)
    expect(db.store.listDeletedConversations()).toEqual([])
    expect(db.store.restoreConversation(gone.id).ok).toBe(false)
    expect(db.store.search('secret')).toEqual([])
    expect(db.store.listConversations().map((x) => x.id)).toEqual([keep.id])
  })
})
