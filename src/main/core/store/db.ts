import { DatabaseSync } from 'node:sqlite'
import { err, ok, type Result } from '../../../shared/contract/result'

/** The history file's name inside the app's data folder. */
export const HISTORY_FILE_NAME = 'history.sqlite'

/**
 * Opens one connection with Hearth's settings: foreign keys on, WAL (readers never wait for the
 * writer, and a crash loses at most the transaction in flight), and a short busy timeout because
 * a wait on the main thread freezes the app.
 */
export function openConnection(path: string, options: { readOnly?: boolean } = {}): DatabaseSync {
  const readOnly = options.readOnly ?? false
  const db = new DatabaseSync(path, { readOnly, enableForeignKeyConstraints: true, timeout: 1000 })
  try {
    if (!readOnly) {
      db.exec('PRAGMA journal_mode = WAL')
      // NORMAL is durable against a process crash in WAL mode; only a power cut may lose the last commit.
      db.exec('PRAGMA synchronous = NORMAL')
    }
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * Checks that this runtime's SQLite has FTS5 (search depends on it; it varies with the build, e.g.
 * Electron's Node). Probed on a throwaway in-memory database so the history file is never touched.
 */
export function checkFts5(): Result<void> {
  const probe = new DatabaseSync(':memory:')
  try {
    probe.exec('CREATE VIRTUAL TABLE fts5_probe USING fts5 (x)')
    return ok(undefined)
  } catch {
    return err(
      'INTERNAL',
      'This build of Hearth has a SQLite without full-text search (FTS5), which the history needs. Install the official Hearth build.',
    )
  } finally {
    probe.close()
  }
}

/**
 * Whether the file at `path` is a readable, undamaged SQLite database (`PRAGMA quick_check`).
 * Opens read-only so checking a damaged file never writes to it.
 * @returns null when it is sound, else what is wrong.
 */
export function findDamage(path: string): string | null {
  let db: DatabaseSync | undefined
  try {
    db = new DatabaseSync(path, { readOnly: true })
    const rows = db.prepare('PRAGMA quick_check').all()
    const first = rows[0]
    const verdict = first ? Object.values(first)[0] : undefined
    if (rows.length === 1 && verdict === 'ok') return null
    return rows.map((row) => String(Object.values(row)[0])).join('; ')
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    db?.close()
  }
}
