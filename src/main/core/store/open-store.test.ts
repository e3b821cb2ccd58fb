import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKUPS_KEPT, backupDirOf, listBackups } from './backup'
import { openTestStore, unwrap, useTempDataDir } from '../../../../test-support/store'

const temp = useTempDataDir()
const historyFile = () => join(temp.dir, 'history.sqlite')

/** Overwrites the middle of the file (schema and data pages) with garbage, as a bad disk would. */
function corrupt(file: string): void {
  const bytes = readFileSync(file)
  for (let i = 100; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a
  writeFileSync(file, bytes)
}

describe('opening a damaged history', () => {
  it('moves a corrupt file aside and opens the newest backup, saying so', async () => {
    let clock = Date.parse('2025-03-01T10:00:00Z')
    const store = await openTestStore(temp.dir, { now: () => clock })
    const c = unwrap(store.createConversation({ title: 'saved before the backup' }))
    unwrap(store.addUserMessage({ conversationId: c.id, text: 'kept' }))
    unwrap(await store.backupNow())
    clock += 1000
    unwrap(store.createConversation({ title: 'after the backup' }))
    await store.close()
    corrupt(historyFile())

    const reopened = await openTestStore(temp.dir, { now: () => clock })
    const [notice] = reopened.info.notices
    expect(notice?.kind).toBe('restored-from-backup')
    expect(notice?.message).toContain('2025-03-01')
    expect(notice?.damagedFile).toMatch(/history\.sqlite\.damaged-2025-03-01T10-00-01/)
    expect(existsSync(notice?.damagedFile ?? '')).toBe(true)
    expect(reopened.listConversations().map((x) => x.title)).toEqual(['saved before the backup'])
    expect(unwrap(reopened.getConversation(c.id)).page.messages[0]?.text).toBe('kept')
    await reopened.close()
  })

  it('moves a file that is not SQLite aside and starts empty when there is no backup', async () => {
    writeFileSync(historyFile(), 'this is not a database '.repeat(100))
    const store = await openTestStore(temp.dir)
    expect(store.info.notices[0]?.kind).toBe('started-empty')
    const damaged = store.info.notices[0]?.damagedFile ?? ''
    expect(readFileSync(damaged, 'utf8')).toContain('this is not a database')
    expect(store.listConversations()).toEqual([])
    unwrap(store.createConversation())
    await store.close()
  })
})

describe('write failures', () => {
  it('answers a full disk with DISK_FULL and loses nothing already saved', async () => {
    const store = await openTestStore(temp.dir)
    const c = unwrap(store.createConversation({ title: 'before' }))
    const reply = unwrap(store.beginReply({ conversationId: c.id, parentId: null, text: 'safe' }))
    store.setMaxPageCount(1) // smaller than the file: no page may be added
    const big = store.appendReply(reply.id, { text: 'x'.repeat(200_000) })
    expect(big.ok).toBe(false)
    if (!big.ok) {
      expect(big.error.code).toBe('DISK_FULL')
      expect(big.error.message).toMatch(/disk is full/i)
    }
    expect(unwrap(store.getMessage(reply.id)).text).toBe('safe')
    await store.close()
    const reopened = await openTestStore(temp.dir)
    expect(unwrap(reopened.getMessage(reply.id))).toMatchObject({
      text: 'safe',
      finishReason: 'interrupted',
    })
    await reopened.close()
  })

  it('answers writes to a read-only store with READ_ONLY and keeps serving reads', async () => {
    const writer = await openTestStore(temp.dir)
    unwrap(writer.createConversation({ title: 'existing' }))
    await writer.close()
    const store = await openTestStore(temp.dir, { readOnly: true })
    expect(store.listConversations().map((c) => c.title)).toEqual(['existing'])
    const result = store.createConversation({ title: 'new' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('READ_ONLY')
    await store.close()
  })

  it('answers a write that SQLite itself refuses as read-only with READ_ONLY', async () => {
    const writer = await openTestStore(temp.dir)
    unwrap(writer.createConversation({ title: 'existing' }))
    await writer.close()
    // Bypasses the store's own guard: the connection is read-only, the store thinks it may write.
    const { openConnection } = await import('./db')
    const { HistoryStore } = await import('./history-store')
    const raw = openConnection(historyFile(), { readOnly: true })
    const store = new HistoryStore(raw, {
      path: historyFile(),
      backupDir: backupDirOf(temp.dir),
      readOnly: false,
      notices: [],
      interruptedReplies: 0,
    })
    const result = store.setTitle(store.listConversations()[0]?.id ?? '', 'renamed')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('READ_ONLY')
    expect(store.listConversations()[0]?.title).toBe('existing')
    await store.close()
  })
})

describe('automatic backups', () => {
  it('takes one a day at most, keeps the last few, and never a half-written one', async () => {
    let clock = Date.parse('2025-01-01T08:00:00Z')
    const store = await openTestStore(temp.dir, { now: () => clock })
    unwrap(store.createConversation({ title: 'x' }))
    expect(unwrap(await store.backupIfDue())).not.toBeNull()
    clock += 60 * 60 * 1000
    expect(unwrap(await store.backupIfDue())).toBeNull()
    for (let day = 0; day < 8; day++) {
      clock += 25 * 60 * 60 * 1000
      expect(unwrap(await store.backupIfDue())).not.toBeNull()
    }
    const backups = listBackups(backupDirOf(temp.dir))
    expect(backups).toHaveLength(BACKUPS_KEPT)
    expect(backups[0]).toContain('2025-01-09')
    expect(readdirSync(backupDirOf(temp.dir)).filter((n) => n.endsWith('.part'))).toEqual([])
    await store.close()
  })
})
