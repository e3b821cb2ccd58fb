import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { StoreNotice } from '../../../shared/contract/schemas/conversations'
import { backupDirOf, fileStamp, listBackups, takeBackup } from './backup'
import { purgeStagedImports } from './conversations'
import { HISTORY_FILE_NAME, checkFts5, findDamage, openConnection } from './db'
import { HistoryStore } from './history-store'
import { markInterruptedReplies } from './messages'
import { MIGRATIONS, MigrationError, migrate, planMigration, type Migration } from './migrate'
import { asReadable, asWritable, sqliteCode, transaction } from './sql'

export interface OpenHistoryOptions {
  /** The app's data folder; the history is `history.sqlite` inside it, backups in `backups/`. */
  dataDir: string
  /** Open without writing anything (the user's choice, or a test of a read-only store). */
  readOnly?: boolean
  now?: () => number
  /** For tests of the migrator; the app always uses the built-in list. */
  migrations?: readonly Migration[]
  /** Details for the log (never shown to the user). */
  log?: (message: string, detail?: unknown) => void
}

/**
 * Opens (or creates) the history at start, in this order:
 * 1. checks that SQLite has FTS5 (a clear error otherwise);
 * 2. a damaged file (not SQLite, or `PRAGMA quick_check` fails) is moved aside with a timestamp,
 *    never deleted, and the newest sound automatic backup is opened instead (a notice says so);
 * 3. a file from a newer Hearth is opened READ-ONLY and never rewritten (a notice says so);
 * 4. an older file is backed up, then migrated in one transaction (a failure leaves it as it was);
 * 5. replies a crash left streaming are marked `interrupted`.
 */
export async function openHistoryStore(options: OpenHistoryOptions): Promise<Result<HistoryStore>> {
  const fts = checkFts5()
  if (!fts.ok) return fts
  const now = options.now ?? Date.now
  const log = options.log ?? (() => undefined)
  const path = join(options.dataDir, HISTORY_FILE_NAME)
  const backupDir = backupDirOf(options.dataDir)
  const migrations = options.migrations ?? MIGRATIONS
  const notices: StoreNotice[] = []
  mkdirSync(options.dataDir, { recursive: true })

  if (existsSync(path)) {
    const damage = findDamage(path)
    if (damage !== null) {
      log('history file is damaged', damage)
      notices.push(recoverFromDamage(path, backupDir, now()))
    }
  }

  let db: DatabaseSync
  try {
    db = openConnection(path, { readOnly: options.readOnly ?? false })
  } catch (error) {
    log('cannot open history', error)
    return err(
      sqliteCode(error) === 14 ? 'READ_ONLY' : 'INTERNAL',
      `Hearth cannot open its history file at ${path}. Check that the folder exists and can be written.`,
    )
  }
  const info = {
    path,
    backupDir,
    readOnly: options.readOnly ?? false,
    notices,
    interruptedReplies: 0,
  }

  const plan = planMigration(asReadable(db), migrations)
  if (plan.kind === 'newer') {
    db.close()
    db = openConnection(path, { readOnly: true })
    notices.push({
      kind: 'newer-version-read-only',
      message:
        'Your history was saved by a newer version of Hearth. It is shown read-only and left unchanged; update Hearth to keep chatting.',
      damagedFile: null,
      backupFile: null,
    })
    return ok(new HistoryStore(db, { ...info, readOnly: true }, now))
  }
  if (info.readOnly) return ok(new HistoryStore(db, info, now))

  if (plan.kind === 'upgrade') {
    const migrated = await migrateWithBackup(
      db,
      plan.from,
      plan.to,
      backupDir,
      now(),
      migrations,
      log,
    )
    if (!migrated.ok) {
      db.close()
      return migrated
    }
    if (migrated.value !== null) notices.push(migrated.value)
  }

  const writable = asWritable(db)
  info.interruptedReplies = transaction(writable, () => {
    // An import a crash cut short left its conversations staged (hidden): all or nothing.
    purgeStagedImports(writable)
    return markInterruptedReplies(writable)
  })
  return ok(new HistoryStore(db, info, now))
}

/** Moves the damaged file (and its WAL files) aside and puts the newest sound backup in its place. */
function recoverFromDamage(path: string, backupDir: string, at: number): StoreNotice {
  const damagedFile = `${path}.damaged-${fileStamp(at)}`
  renameSync(path, damagedFile)
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, damagedFile + suffix)
  }
  const backup = listBackups(backupDir).find((candidate) => findDamage(candidate) === null)
  if (backup) {
    copyFileSync(backup, path)
    return {
      kind: 'restored-from-backup',
      message: `Your history file was damaged, so Hearth opened the backup from ${backupDate(backup)}. The damaged file was kept at ${damagedFile}.`,
      damagedFile,
      backupFile: backup,
    }
  }
  return {
    kind: 'started-empty',
    message: `Your history file was damaged and there is no backup yet, so Hearth started a new history. The damaged file was kept at ${damagedFile}.`,
    damagedFile,
    backupFile: null,
  }
}

function backupDate(path: string): string {
  const match = /history-(\d{4}-\d{2}-\d{2})/.exec(path)
  return match?.[1] ?? path
}

async function migrateWithBackup(
  db: DatabaseSync,
  from: number,
  to: number,
  backupDir: string,
  at: number,
  migrations: readonly Migration[],
  log: (message: string, detail?: unknown) => void,
): Promise<Result<StoreNotice | null>> {
  // A new file (version 0) has nothing to lose; an existing one is copied just before migrating.
  let backupFile: string | null = null
  if (from > 0) {
    const copy = await takeBackup(db, backupDir, at, `-before-v${to}`)
    if (!copy.ok) return copy
    backupFile = copy.value
  }
  try {
    migrate(asWritable(db), migrations)
  } catch (error) {
    log('migration failed', error)
    const step = error instanceof MigrationError ? ` (step ${error.failedVersion})` : ''
    const full = sqliteCode(error instanceof MigrationError ? error.cause : error) === 13
    return err(
      full ? 'DISK_FULL' : 'INTERNAL',
      `Hearth could not update its history file${step}${full ? ' because the disk is full' : ''}. The file is unchanged${backupFile ? ` and a copy is at ${backupFile}` : ''}.`,
    )
  }
  if (from === 0) return ok(null)
  return ok({
    kind: 'migrated',
    message: `Hearth updated its history file to version ${to}; a copy of the old one is at ${backupFile}.`,
    damagedFile: null,
    backupFile,
  })
}
