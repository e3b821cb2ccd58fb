import { beforeEach, describe, expect, it } from 'vitest'
import {
  exportFileOf,
  longConversation,
  longMessageId,
} from '../../../../test-support/long-conversation'
import type { MessagePage } from '../../../shared/contract/schemas/conversations'
import { unwrap, useTestStore } from '../../../../test-support/store'

// Paging a 1,000-message conversation on a real SQLite file: newest, older, newer and around a
// message, with a hidden branch whose message a search result can lead to.

const ID = 'long'
const COUNT = 1000
const HIDDEN_AT = 301

const db = useTestStore()

beforeEach(() => {
  const file = exportFileOf([
    longConversation({ id: ID, messages: COUNT, hiddenBranchAt: HIDDEN_AT }),
  ])
  unwrap(db.store.importParsed(file))
})

const id = (index: number) => longMessageId(ID, index)
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => id(from + i))
const ids = (page: { messages: { id: string }[] }) => page.messages.map((m) => m.id)

describe('pages of a long branch', () => {
  it('opens at the newest page and reaches the first message through older pages', () => {
    const newest = unwrap(db.store.getBranch(ID, { limit: 50 })).page
    expect(ids(newest)).toEqual(range(950, 1000))
    expect(newest).toMatchObject({ hasMore: true, before: id(950), hasNewer: false, after: null })
    const seen = [...ids(newest)]
    let before = newest.before
    while (before !== null) {
      const page = unwrap(db.store.getBranch(ID, { limit: 50, before })).page
      expect(page.hasNewer).toBe(true)
      seen.unshift(...ids(page))
      before = page.before
    }
    expect(seen).toEqual(range(0, COUNT))
  })

  it('walks forward from the first message with `after` to the newest, skipping the hidden branch', () => {
    const seen = [id(0)]
    let after: string | null = id(0)
    while (after !== null) {
      const page: MessagePage = unwrap(db.store.getBranch(ID, { limit: 120, after })).page
      expect(page.hasMore).toBe(true)
      seen.push(...ids(page))
      after = page.after
      if (after === null) expect(page.hasNewer).toBe(false)
    }
    expect(seen).toEqual(range(0, COUNT))
  })

  it('centres a page on a message in the middle, with cursors both ways', () => {
    const page = unwrap(db.store.getBranch(ID, { limit: 40, around: id(500) })).page
    expect(ids(page)).toEqual(range(481, 521))
    expect(page).toMatchObject({ hasMore: true, before: id(481), hasNewer: true, after: id(520) })
    const newer = unwrap(db.store.getBranch(ID, { limit: 40, after: page.after })).page
    expect(ids(newer)).toEqual(range(521, 561))
    const older = unwrap(db.store.getBranch(ID, { limit: 40, before: page.before })).page
    expect(ids(older)).toEqual(range(441, 481))
  })

  it('fills a page around a message near either end from the other side', () => {
    const start = unwrap(db.store.getBranch(ID, { limit: 40, around: id(3) })).page
    expect(ids(start)).toEqual(range(0, 40))
    expect(start).toMatchObject({ hasMore: false, before: null, hasNewer: true })
    const end = unwrap(db.store.getBranch(ID, { limit: 40, around: id(998) })).page
    expect(ids(end)).toEqual(range(960, 1000))
    expect(end).toMatchObject({ hasMore: true, hasNewer: false, after: null })
  })

  it('switches to the branch of a hidden message, and keeps the shown branch for one on it', () => {
    expect(db.store.isOnShownBranch(ID, `${ID}-alt`)).toBe(false)
    // The db.store itself never switches on a read: the chat service asks it to (showBranchOf).
    expect(db.store.getBranch(ID, { around: `${ID}-alt` })).toMatchObject({ ok: false })
    expect(unwrap(db.store.showBranchOf(ID, `${ID}-alt`))).toBe(true)
    const page = unwrap(db.store.getBranch(ID, { limit: 10, around: `${ID}-alt` })).page
    // The hidden reply has no continuation: the branch now ends with it.
    expect(ids(page)).toEqual([...range(292, HIDDEN_AT), `${ID}-alt`])
    expect(page.hasNewer).toBe(false)
    expect(unwrap(db.store.getBranch(ID, { limit: 2 })).siblings).toEqual({
      [`${ID}-alt`]: [`${ID}-alt`, id(HIDDEN_AT)],
    })
    // A message on the shown branch changes nothing (the branch stays the hidden reply's).
    expect(unwrap(db.store.showBranchOf(ID, id(10)))).toBe(false)
    expect(db.store.branchLeaf(ID)).toBe(`${ID}-alt`)
  })

  it('answers NOT_FOUND for a cursor that is unknown, in another conversation or off the branch', () => {
    const other = unwrap(db.store.createConversation({ title: 'Other' })).id
    expect(db.store.getBranch(ID, { after: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(db.store.getBranch(other, { around: id(5) })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(db.store.showBranchOf(other, id(5))).toMatchObject({ ok: false })
    const offBranch = db.store.getBranch(ID, { after: `${ID}-alt` })
    expect(offBranch).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(!offBranch.ok && offBranch.error.message).toContain('not in the part')
  })
})
