import { DatabaseSync } from 'node:sqlite'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { generateHistory } from '../../../../../bench/history-bench'
import { importWorkerEntry } from './import-in-worker'
import { unwrap, useTestStore } from '../../../../../test-support/store'

const db = useTestStore()

describe('import in a worker thread', () => {
  it('finds its worker entry from the sources', () => {
    expect(importWorkerEntry()).toMatch(/import-worker\.ts$/)
  })

  it('lets the app write while it runs, and shows the import only once all of it is written', async () => {
    const file = generateHistory({ conversations: 100, messages: 6000 })
    const importedIds = new Set(file.conversations.map((c) => c.id))
    let done = false
    const importing = db.store.importJson(JSON.stringify(file)).finally(() => (done = true))
    let writesDuringImport = 0
    let created = 0
    let partialSeen = false
    while (!done) {
      // The main thread is free: it writes, and reads see nothing of a half-written import.
      // On a loaded machine a slice of the import may hold the file past the busy timeout: that
      // write is refused as BUSY (typed, nothing lost) and the loop simply writes again.
      const mine = db.store.createConversation({ title: `mine ${created}` })
      const busy = !mine.ok && mine.error.code === 'BUSY'
      if (!busy) {
        created++
        const note = db.store.addUserMessage({
          conversationId: unwrap(mine).id,
          text: 'still here',
        })
        if (note.ok || note.error.code !== 'BUSY') unwrap(note)
        if (!done) writesDuringImport++
      }
      const listed = db.store.listConversations().filter((c) => importedIds.has(c.id)).length
      if (listed > 0 && listed < importedIds.size) partialSeen = true
      // Yield one turn of the event loop (no fixed wait), so the worker's answer can arrive.
      await nextTurn()
    }
    const report = unwrap(await importing)
    const messages = file.conversations.reduce((n, c) => n + c.messages.length, 0)
    expect(report).toMatchObject({ imported: 100, messages })
    expect(partialSeen).toBe(false)
    expect(writesDuringImport).toBeGreaterThan(1)
    const listed = db.store.listConversations({ limit: 10_000 })
    expect(listed.filter((c) => importedIds.has(c.id))).toHaveLength(100)
    expect(listed.filter((c) => c.title.startsWith('mine '))).toHaveLength(created)
    expect(db.store.listDeletedConversations()).toEqual([])
  }, 120_000)

  it('removes at the next open what an import cut short by a crash had staged', async () => {
    const kept = unwrap(db.store.createConversation({ title: 'kept' }))
    await db.close()
    // What a killed import leaves: a conversation still hidden as staged (deleted_at 0).
    const raw = new DatabaseSync(`${db.dir}/history.sqlite`)
    raw
      .prepare(
        `INSERT INTO conversations (id, title, created_at, updated_at, deleted_at)
         VALUES ('staged', 'half imported', 1, 1, 0)`,
      )
      .run()
    raw.close()
    await db.reopen()
    expect(db.store.listConversations().map((c) => c.id)).toEqual([kept.id])
    expect(db.store.listDeletedConversations()).toEqual([])
    expect(db.store.restoreConversation('staged').ok).toBe(false)
  })
})
