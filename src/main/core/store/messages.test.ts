import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { unwrap, useTestStore } from '../../../../test-support/store'

const db = useTestStore()

describe('messages', () => {
  it('streams a reply: begin, append (text and delta), finish with stats', () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const user = unwrap(db.store.addUserMessage({ conversationId, text: 'Hi' }))
    const reply = unwrap(db.store.beginReply({ conversationId, parentId: user.id, text: 'Hel' }))
    expect(reply.finishReason).toBeNull()
    unwrap(db.store.appendReply(reply.id, { text: 'Hello' }))
    unwrap(db.store.appendReply(reply.id, { delta: ', you' }))
    expect(unwrap(db.store.getMessage(reply.id)).text).toBe('Hello, you')
    const stats = { ttftMs: 120, tokensPerSecond: 33.5, tokenCount: 4 }
    const done = unwrap(db.store.finishReply(reply.id, { finishReason: 'done', stats }))
    expect(done).toMatchObject({
      text: 'Hello, you',
      finishReason: 'done',
      stats,
      parentId: user.id,
    })
    // A finished reply is not changed by a late append.
    const late = db.store.appendReply(reply.id, { delta: '!' })
    expect(late.ok).toBe(false)
    expect(unwrap(db.store.getMessage(reply.id)).text).toBe('Hello, you')
  })

  it('pages the newest messages and then older ones, oldest first', () => {
    const { id } = unwrap(db.store.createConversation())
    for (let i = 0; i < 450; i++)
      unwrap(db.store.addUserMessage({ conversationId: id, text: `m${i}` }))
    const first = unwrap(db.store.getConversation(id)).page
    expect(first.messages).toHaveLength(200)
    expect(first.messages[0]?.text).toBe('m250')
    expect(first.messages.at(-1)?.text).toBe('m449')
    expect(first.hasMore).toBe(true)
    const second = unwrap(db.store.listMessages(id, { before: first.before }))
    expect(second.messages[0]?.text).toBe('m50')
    expect(second.messages.at(-1)?.text).toBe('m249')
    const third = unwrap(db.store.listMessages(id, { before: second.before }))
    expect(third.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`))
    expect(third).toMatchObject({ hasMore: false, before: null })
  })

  it('follows a regenerate branch with getThread', () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const q1 = unwrap(db.store.addUserMessage({ conversationId, text: 'q1' }))
    const a1 = unwrap(db.store.beginReply({ conversationId, parentId: q1.id, text: 'a1' }))
    unwrap(db.store.finishReply(a1.id, { finishReason: 'done' }))
    const a1b = unwrap(db.store.beginReply({ conversationId, parentId: q1.id, text: 'a1 again' }))
    unwrap(db.store.finishReply(a1b.id, { finishReason: 'stopped' }))
    const q2 = unwrap(db.store.addUserMessage({ conversationId, text: 'q2', parentId: a1b.id }))
    expect(db.store.getThread(q2.id).map((m) => m.text)).toEqual(['q1', 'a1 again', 'q2'])
    expect(unwrap(db.store.getConversation(conversationId)).page.messages).toHaveLength(4)
  })

  it('refuses messages for a deleted conversation', () => {
    const { id } = unwrap(db.store.createConversation())
    unwrap(db.store.deleteConversation(id))
    const result = db.store.addUserMessage({ conversationId: id, text: 'x' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
  })

  it('marks a reply left streaming by a crash as interrupted at the next open, keeping its text', async () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const user = unwrap(db.store.addUserMessage({ conversationId, text: 'Tell me' }))
    const reply = unwrap(db.store.beginReply({ conversationId, parentId: user.id, text: 'Once' }))
    unwrap(db.store.appendReply(reply.id, { text: 'Once upon a time' }))
    // The crash: another process sees the committed text at once, while this one never finishes.
    const other = new DatabaseSync(join(db.dir, 'history.sqlite'), { readOnly: true })
    expect(
      other.prepare('SELECT text, finish_reason FROM messages WHERE id = ?').get(reply.id),
    ).toEqual({ text: 'Once upon a time', finish_reason: null })
    other.close()
    await db.close()

    await db.reopen()
    expect(db.store.info.interruptedReplies).toBe(1)
    expect(unwrap(db.store.getMessage(reply.id))).toMatchObject({
      text: 'Once upon a time',
      finishReason: 'interrupted',
    })
  })
})
