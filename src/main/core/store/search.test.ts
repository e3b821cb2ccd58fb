import { describe, expect, it } from 'vitest'
import {
  SNIPPET_MARK_END as E,
  SNIPPET_MARK_START as S,
} from '../../../shared/contract/schemas/conversations'
import { toFtsQuery } from './search'
import { unwrap, useTestStore } from '../../../../test-support/store'

const db = useTestStore()

function say(conversationId: string, text: string): string {
  return unwrap(db.store.addUserMessage({ conversationId, text })).id
}

describe('toFtsQuery', () => {
  it('quotes every term and prefix-matches the last one', () => {
    expect(toFtsQuery('hello world')).toBe('"hello" "world" *')
    expect(toFtsQuery('hello world ')).toBe('"hello" "world"')
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi""" *')
    expect(toFtsQuery('  ')).toBeNull()
    expect(toFtsQuery('*** ( ) -')).toBeNull()
  })
})

describe('search', () => {
  it('finds message text and titles with highlighted snippets, best first', () => {
    const trip = unwrap(db.store.createConversation({ title: 'Lisbon trip' }))
    const other = unwrap(db.store.createConversation({ title: 'Cooking' }))
    const lisbonMessage = say(trip.id, 'We land in Lisbon at noon and take the tram.')
    say(other.id, 'A recipe for bacalhau, which is popular in Lisbon, Lisbon and Porto.')
    say(other.id, 'Nothing to see here.')

    const hits = db.store.search('lisbon')
    expect(hits).toHaveLength(3)
    expect(hits.map((h) => h.conversationId).sort()).toEqual([trip.id, trip.id, other.id].sort())
    const titleHit = hits.find((h) => h.messageId === null)
    expect(titleHit).toMatchObject({ conversationId: trip.id, snippet: `${S}Lisbon${E} trip` })
    const messageHit = hits.find((h) => h.messageId === lisbonMessage)
    expect(messageHit?.snippet).toContain(`${S}Lisbon${E}`)
    expect(messageHit?.conversationTitle).toBe('Lisbon trip')
  })

  it('matches a prefix while typing and ignores accents', () => {
    const { id } = unwrap(db.store.createConversation())
    say(id, 'Un café crème, s’il vous plaît')
    expect(db.store.search('caf')).toHaveLength(1)
    expect(db.store.search('cafe creme')).toHaveLength(1)
    expect(db.store.search('cafe ')).toHaveLength(1)
    expect(db.store.search('caf ')).toHaveLength(0)
  })

  it('never fails on FTS syntax in the query', () => {
    const { id } = unwrap(db.store.createConversation())
    say(id, 'use a AND b OR c NEAR(d) "quoted" col:value -minus *star ^caret')
    const nasty = [
      '"',
      '""',
      '"unclosed',
      'AND',
      'OR OR',
      'NOT',
      'NEAR(',
      'a AND',
      'col:value',
      '-minus',
      '*',
      '^caret',
      '(((',
      "'; DROP TABLE messages; --",
      'text:',
      '{a b}',
      '\u0000',
      'é*"(',
    ]
    for (const query of nasty) expect(() => db.store.search(query), query).not.toThrow()
    expect(db.store.search('NEAR(d)')).toHaveLength(1)
    expect(db.store.search('"quoted"')).toHaveLength(1)
    expect(db.store.search('col:value')).toHaveLength(1)
  })

  it('treats control characters (NUL) as spaces, never as query syntax', () => {
    const { id } = unwrap(db.store.createConversation())
    say(id, 'alpha beta')
    for (const query of [
      'alpha\u0000',
      'al\u0000pha',
      '\u0000alpha\u0001',
      'beta\u0000"',
      'a\u0000*',
    ])
      expect(() => db.store.search(query), JSON.stringify(query)).not.toThrow()
    expect(db.store.search('alpha\u0000beta')).toHaveLength(1)
    expect(toFtsQuery('al\u0000pha')).toBe('"al" "pha" *')
  })

  it('answers bounded snippets over a history of 100,000-character words', () => {
    const { id } = unwrap(db.store.createConversation())
    for (let i = 0; i < 50; i++)
      say(id, `pasted x${String(i).repeat(50_000).slice(0, 99_999)} here`)
    const hits = db.store.search('x', { limit: 500 })
    expect(hits).toHaveLength(50)
    for (const hit of hits) expect(hit.snippet.length).toBeLessThanOrEqual(300)
    expect(db.store.search('x', { limit: 1000 }).length).toBeLessThanOrEqual(200)
  })

  it('keeps the index in step with edits, streaming, renames and purges', () => {
    const { id } = unwrap(db.store.createConversation({ title: 'first title' }))
    const reply = unwrap(db.store.beginReply({ conversationId: id, parentId: null, text: 'alpha' }))
    // A streaming reply is indexed once it is finished (migration 0004), not on every save.
    expect(db.store.search('alpha')).toHaveLength(0)
    unwrap(db.store.appendReply(reply.id, { text: 'beta gamma' }))
    expect(db.store.search('gamma')).toHaveLength(0)
    unwrap(db.store.finishReply(reply.id, { finishReason: 'done', text: 'delta' }))
    expect(db.store.search('gamma')).toHaveLength(0)
    expect(db.store.search('delta')).toHaveLength(1)

    unwrap(db.store.setTitle(id, 'second name'))
    expect(db.store.search('first')).toHaveLength(0)
    expect(db.store.search('second')).toHaveLength(1)

    unwrap(db.store.deleteConversation(id))
    unwrap(db.store.purgeDeleted(Date.now() + 1000))
    expect(db.store.search('delta')).toHaveLength(0)
    expect(db.store.search('second')).toHaveLength(0)
  })

  it('keeps markers balanced when the stored text contains them', () => {
    const { id } = unwrap(db.store.createConversation())
    say(id, `weird ${S}text${E} ${E} here`)
    const [hit] = db.store.search('here')
    const marks = [...(hit?.snippet ?? '')].filter((c) => c === S || c === E)
    expect(marks.length % 2).toBe(0)
    marks.forEach((mark, i) => expect(mark).toBe(i % 2 === 0 ? S : E))
  })
})
