import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistoryStore } from './history-store'
import { PERSIST_INTERVAL_MS, ReplyPersister, type ReplyWriter } from './reply-persister'
import { unwrap, useTestStore } from '../../../../test-support/store'

const db = useTestStore()

beforeEach(() => {
  // The write interval is the subject: fake timers (and performance.now) step it exactly.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** What another process would read from the file right now. */
function readFromDisk(id: string): unknown {
  const other = new DatabaseSync(join(db.dir, 'history.sqlite'), { readOnly: true })
  try {
    return other.prepare('SELECT text, finish_reason FROM messages WHERE id = ?').get(id)
  } finally {
    other.close()
  }
}

function countingWriter(inner: HistoryStore): { writer: ReplyWriter; writes: () => number } {
  let writes = 0
  const writer: ReplyWriter = {
    beginReply: (input) => (writes++, inner.beginReply(input)),
    appendReply: (id, update) => (writes++, inner.appendReply(id, update)),
    finishReply: (id, input) => (writes++, inner.finishReply(id, input)),
  }
  return { writer, writes: () => writes }
}

describe('ReplyPersister', () => {
  it('writes the first chunk at once, then batches, then finishes', () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const user = unwrap(db.store.addUserMessage({ conversationId, text: 'Count' }))
    const { writer, writes } = countingWriter(db.store)
    const persister = new ReplyPersister(writer, { conversationId, parentId: user.id })
    persister.push('one')
    expect(readFromDisk(persister.messageId)).toEqual({ text: 'one', finish_reason: null })
    for (let i = 0; i < 500; i++) persister.push(' x')
    // Nothing waits in push: the 500 deltas cost no write yet.
    expect(writes()).toBe(1)
    vi.advanceTimersByTime(PERSIST_INTERVAL_MS - 1)
    expect(writes()).toBe(1)
    // The timer's write comes one interval after the first.
    vi.advanceTimersByTime(1)
    expect(writes()).toBe(2)
    expect(readFromDisk(persister.messageId)).toEqual({
      text: `one${' x'.repeat(500)}`,
      finish_reason: null,
    })
    persister.push(' end')
    const done = unwrap(
      persister.finish('done', { ttftMs: 5, tokensPerSecond: 10, tokenCount: 502 }),
    )
    expect(done.text).toBe(`one${' x'.repeat(500)} end`)
    expect(readFromDisk(persister.messageId)).toMatchObject({ finish_reason: 'done' })
    // finish() leaves no timer behind to write again.
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10 * PERSIST_INTERVAL_MS)
    expect(writes()).toBe(3)
  })

  it('keeps the text written before a crash and reads as interrupted after reopening', async () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const persister = new ReplyPersister(db.store, {
      conversationId,
      parentId: null,
      intervalMs: 20,
    })
    persister.push('The answer')
    persister.push(' is 42')
    expect(readFromDisk(persister.messageId)).toMatchObject({ text: 'The answer' })
    vi.advanceTimersByTime(20)
    expect(readFromDisk(persister.messageId)).toMatchObject({ text: 'The answer is 42' })
    // Kill simulation: the process dies without finish(); the next start finds the row.
    persister.dispose()
    await db.close()
    await db.reopen()
    expect(unwrap(db.store.getMessage(persister.messageId))).toMatchObject({
      text: 'The answer is 42',
      finishReason: 'interrupted',
      role: 'assistant',
    })
  })

  it('creates the row on finish when no text ever came (an error before the first token)', () => {
    const { id: conversationId } = unwrap(db.store.createConversation())
    const persister = new ReplyPersister(db.store, { conversationId, parentId: null })
    const result = unwrap(persister.finish('error'))
    expect(result).toMatchObject({ text: '', finishReason: 'error' })
  })
})
