import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { SIBLINGS_SQL } from './branches'
import { LIST_CONVERSATIONS_SQL } from './conversations'
import { openConnection } from './db'
import { NEWEST_MESSAGES_SQL } from './messages'
import { LATEST_VERSION, MIGRATIONS, getSchemaVersion, migrate } from './migrate'
import { openHistoryStore } from './open-store'
import { SEARCH_SQL } from './search'
import { asReadable, asWritable, type WritableDB } from './sql'
import { listBackups } from './backup'
import { openTestStore, unwrap, useTempDataDir } from '../../../../test-support/store'

const temp = useTempDataDir()
const historyFile = () => join(temp.dir, 'history.sqlite')

/** A database built by the first `version` migrations only, as an older Hearth left it. */
function databaseAtVersion(version: number): WritableDB {
  const db = asWritable(openConnection(historyFile()))
  migrate(db, MIGRATIONS.slice(0, version))
  return db
}

/** Rows as Hearth 1 wrote them (fixture for the 0001 → 0002 step). */
function insertVersion1Fixture(db: WritableDB): void {
  db.exec(`
    INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Garden plans', 1, 5);
    INSERT INTO messages (id, conversation_id, role, text, created_at)
      VALUES ('m1', 'c1', 'user', 'When should I plant tomatoes?', 2);
    INSERT INTO messages (id, conversation_id, role, text, parent_id, created_at, finish_reason)
      VALUES ('m2', 'c1', 'assistant', 'After the last frost.', 'm1', 3, 'done');
  `)
}

function plan(db: DatabaseSync, sql: string, ...params: (string | number)[]): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => String(row.detail))
    .join('\n')
}

describe('migrations', () => {
  it('numbers migrations 1…N with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(
      Array.from({ length: LATEST_VERSION }, (_, i) => i + 1),
    )
  })

  it('0001: builds the full schema on an empty file', () => {
    const db = databaseAtVersion(1)
    expect(getSchemaVersion(db)).toBe(1)
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all()
      .map((r) => r.name)
    expect(tables).toEqual(['conversations', 'messages'])
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 })
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    db.close()
  })

  it('0002: migrates a version-1 database with data and indexes the old rows', () => {
    const old = databaseAtVersion(1)
    insertVersion1Fixture(old)
    old.close()

    const db = asWritable(openConnection(historyFile()))
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 })
    expect(getSchemaVersion(db)).toBe(2)
    const hits = db
      .prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'tomatoes'`)
      .all()
    expect(hits).toHaveLength(1)
    expect(
      db
        .prepare(`SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH 'garden'`)
        .all(),
    ).toHaveLength(1)
    expect(
      db.prepare(`INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')`).run(),
    ).toBeTruthy()
    db.close()
  })

  it('0003: rebuilds the message index with longer prefixes and keeps every row findable', () => {
    const old = databaseAtVersion(2)
    insertVersion1Fixture(old)
    old.close()

    const db = asWritable(openConnection(historyFile()))
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual({ from: 2, to: 3 })
    const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'messages_fts'`).get() as {
      sql: string
    }
    expect(sql.sql).toContain(`prefix = '2 3 4 5 6'`)
    const find = (match: string) =>
      db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?`).all(match)
    expect(find('tomato*')).toHaveLength(1)
    expect(find('toma*')).toHaveLength(1)
    // The triggers are back: a new message is indexed.
    db.exec(`INSERT INTO messages (id, conversation_id, role, text, created_at)
      VALUES ('m9', 'c1', 'user', 'potatoes too', 3)`)
    expect(find('potato*')).toHaveLength(1)
    expect(
      db.prepare(`INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')`).run(),
    ).toBeTruthy()
    db.close()
  })

  it('0004: indexes a reply once it is finished, never while it streams', () => {
    const old = databaseAtVersion(3)
    insertVersion1Fixture(old)
    // A reply streaming when the older Hearth stopped: the old triggers indexed its text.
    old.exec(`INSERT INTO messages (id, conversation_id, role, text, parent_id, created_at)
      VALUES ('m3', 'c1', 'assistant', 'Cucumbers like warmth', 'm1', 4)`)
    old.close()

    const db = asWritable(openConnection(historyFile()))
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual({ from: 3, to: 4 })
    const find = (match: string) =>
      db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?`).all(match)
    expect(find('cucumbers')).toHaveLength(0)
    expect(find('frost')).toHaveLength(1)
    // Streaming saves leave the index alone; finishing indexes the final text once.
    db.exec(`UPDATE messages SET text = 'Cucumbers like warmth and water' WHERE id = 'm3'`)
    expect(find('water')).toHaveLength(0)
    db.exec(`UPDATE messages SET finish_reason = 'done' WHERE id = 'm3'`)
    expect(find('water')).toHaveLength(1)
    // Continuing a reply takes it out again until it finishes; editing a finished row re-indexes it.
    db.exec(`UPDATE messages SET finish_reason = NULL WHERE id = 'm3'`)
    expect(find('water')).toHaveLength(0)
    db.exec(
      `UPDATE messages SET text = 'Cucumbers need sun', finish_reason = 'stopped' WHERE id = 'm3'`,
    )
    expect(find('sun')).toHaveLength(1)
    expect(find('water')).toHaveLength(0)
    db.exec(`UPDATE messages SET text = 'Plant tomatoes in May' WHERE id = 'm1'`)
    expect(find('may')).toHaveLength(1)
    db.exec(`DELETE FROM messages WHERE id = 'm3'`)
    expect(find('sun')).toHaveLength(0)
    expect(
      db.prepare(`INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')`).run(),
    ).toBeTruthy()
    db.close()
  })

  it('0005: keeps every message, shows the newest branch and reads old replies as unrecorded', async () => {
    const old = databaseAtVersion(4)
    insertVersion1Fixture(old)
    old.close()
    const store = await openTestStore(temp.dir)
    expect(store.schemaVersion()).toBe(LATEST_VERSION)
    const branch = unwrap(store.getBranch('c1'))
    expect(branch.page.messages.map((m) => [m.id, m.generation])).toEqual([
      ['m1', null],
      ['m2', null],
    ])
    expect(branch.siblings).toEqual({})
    await store.close()
  })

  it('0006: older conversations are not quick; a new one from the quick prompt is, through export and import', async () => {
    const old = databaseAtVersion(5)
    insertVersion1Fixture(old)
    old.close()
    const store = await openTestStore(temp.dir)
    expect(store.schemaVersion()).toBe(6)
    expect(store.listConversations().map((c) => [c.id, c.quick])).toEqual([['c1', false]])
    const quick = unwrap(store.createConversation({ title: 'Quick question', quick: true }))
    expect(quick.quick).toBe(true)
    expect(unwrap(store.createConversation({ title: 'Plain' })).quick).toBe(false)
    const exported = unwrap(store.exportJson([quick.id]))
    expect(exported.conversations[0]?.quick).toBe(true)
    await store.close()
  })

  it('the hot queries use their indexes at the latest version', () => {
    const db = databaseAtVersion(LATEST_VERSION)
    insertVersion1Fixture(db)
    const list = plan(db, LIST_CONVERSATIONS_SQL, 50, 0)
    expect(list).toContain('USING INDEX conversations_list')
    expect(list).not.toContain('TEMP B-TREE')
    const open = plan(db, NEWEST_MESSAGES_SQL, 'c1', 1e15, 201)
    expect(open).toMatch(/USING (COVERING )?INDEX messages_conversation/)
    expect(open).not.toContain('TEMP B-TREE')
    const candidates = plan(db, SEARCH_SQL.candidates, '"x"', 2000)
    expect(candidates).toContain('VIRTUAL TABLE INDEX')
    expect(candidates).not.toContain('TEMP B-TREE')
    const message = plan(db, SEARCH_SQL.message, 1)
    expect(message).toMatch(/SEARCH m USING INTEGER PRIMARY KEY/)
    expect(message).toMatch(/SEARCH c USING INDEX sqlite_autoindex_conversations/)
    const titles = plan(db, SEARCH_SQL.titles, '<', '>', '"x"', 10)
    expect(titles).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/)
    const interrupted = plan(
      db,
      `UPDATE messages SET finish_reason = 'interrupted' WHERE role = 'assistant' AND finish_reason IS NULL`,
    )
    expect(interrupted).toContain('messages_streaming')
    const children = plan(db, SIBLINGS_SQL.children, '["m1"]')
    expect(children).toContain('USING INDEX messages_parent')
    const roots = plan(db, SIBLINGS_SQL.roots, 'c1')
    expect(roots).toMatch(/USING (COVERING )?INDEX messages_roots/)
    expect(roots).not.toContain('TEMP B-TREE')
    db.close()
  })

  it('a failing migration rolls back everything and leaves the file as it was, after a backup', async () => {
    const old = databaseAtVersion(1)
    insertVersion1Fixture(old)
    old.close()
    const before = readFileSync(historyFile())
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_VERSION + 1,
        name: 'broken',
        up: (db: WritableDB) => db.exec('CREATE TABLE oops (x); SELECT * FROM no_such_table'),
      },
    ]
    const result = await openHistoryStore({ dataDir: temp.dir, migrations: broken })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL')
      expect(result.error.message).toContain('unchanged')
    }
    const db = new DatabaseSync(historyFile(), { readOnly: true })
    expect(getSchemaVersion(asReadable(db))).toBe(1)
    expect(
      db.prepare(`SELECT name FROM sqlite_schema WHERE name IN ('oops', 'messages_fts')`).all(),
    ).toEqual([])
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2 })
    db.close()
    expect(readFileSync(historyFile()).equals(before)).toBe(true)
    const [backup] = listBackups(join(temp.dir, 'backups'))
    expect(backup).toMatch(new RegExp(`before-v${LATEST_VERSION + 1}`))
    expect(existsSync(backup ?? '')).toBe(true)
  })

  it('opens a database from a newer Hearth read-only and never rewrites it', async () => {
    const db = databaseAtVersion(LATEST_VERSION)
    insertVersion1Fixture(db)
    db.exec(`PRAGMA user_version = ${LATEST_VERSION + 5}`)
    db.close()
    const before = readFileSync(historyFile())
    const store = await openTestStore(temp.dir)
    expect(store.info.readOnly).toBe(true)
    expect(store.info.notices.map((n) => n.kind)).toEqual(['newer-version-read-only'])
    expect(store.listConversations().map((c) => c.title)).toEqual(['Garden plans'])
    const write = store.createConversation({ title: 'new' })
    expect(write.ok).toBe(false)
    if (!write.ok) expect(write.error.code).toBe('READ_ONLY')
    expect((await store.backupNow()).ok).toBe(false)
    await store.close()
    expect(readFileSync(historyFile()).equals(before)).toBe(true)
  })

  it('a store opened from a version-1 file migrates with a notice and keeps the data', async () => {
    const old = databaseAtVersion(1)
    insertVersion1Fixture(old)
    old.close()
    const store = await openTestStore(temp.dir)
    expect(store.schemaVersion()).toBe(LATEST_VERSION)
    expect(store.info.notices.map((n) => n.kind)).toEqual(['migrated'])
    expect(store.search('frost').map((h) => h.messageId)).toEqual(['m2'])
    expect(unwrap(store.getConversation('c1')).page.messages.map((m) => m.id)).toEqual(['m1', 'm2'])
    await store.close()
  })
})
