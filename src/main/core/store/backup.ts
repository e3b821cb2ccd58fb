import { mkdir, rename, rm } from 'node:fs/promises'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { backup, type DatabaseSync } from 'node:sqlite'
import { ok, type Result } from '../../../shared/contract/result'
import { writeFailure } from './sql'

/** Automatic backups kept; older ones are removed after each new one. */
export const BACKUPS_KEPT = 5
/** An automatic backup is due once a day (and at exit). */
const BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000

const PREFIX = 'history-'
const SUFFIX = '.sqlite'

/** Where the backups of the history in `dataDir` live. */
export function backupDirOf(dataDir: string): string {
  return join(dataDir, 'backups')
}

/** A sortable, file-name-safe timestamp: 2025-01-02T03-04-05-678Z. */
export function fileStamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-')
}

/** The backups in `backupDir`, newest first (names sort by time). */
export function listBackups(backupDir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(backupDir)
  } catch {
    return []
  }
  return names
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort()
    .reverse()
    .map((name) => join(backupDir, name))
}

/**
 * Copies the open database to a new backup file with SQLite's online backup API (it runs off the
 * main thread and sees a consistent snapshot while the app keeps writing). The copy is written under
 * a temporary name and renamed, so a half-written backup is never taken for the newest one.
 * Keeps the newest `BACKUPS_KEPT`.
 */
export async function takeBackup(
  db: DatabaseSync,
  backupDir: string,
  now: number,
  label = '',
): Promise<Result<string>> {
  const target = join(backupDir, `${PREFIX}${fileStamp(now)}${label}${SUFFIX}`)
  const partial = `${target}.part`
  try {
    await mkdir(backupDir, { recursive: true })
    await backup(db, partial)
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    return writeFailure(error)
  }
  await pruneBackups(backupDir)
  return ok(target)
}

/** Takes a backup when the newest one is older than a day (or there is none). */
export async function takeBackupIfDue(
  db: DatabaseSync,
  backupDir: string,
  now: number,
): Promise<Result<string | null>> {
  const newest = listBackups(backupDir)[0]
  const takenAt = newest ? backupTime(newest) : null
  if (takenAt !== null && now - takenAt < BACKUP_INTERVAL_MS) return ok(null)
  return takeBackup(db, backupDir, now)
}

async function pruneBackups(backupDir: string): Promise<void> {
  for (const old of listBackups(backupDir).slice(BACKUPS_KEPT)) await rm(old, { force: true })
}

/** When a backup was taken, from its name (file times change when files are copied). */
function backupTime(path: string): number | null {
  const match = /history-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(path)
  if (!match) return null
  const [, day, h, m, s, ms] = match
  return Date.parse(`${day}T${h}:${m}:${s}.${ms}Z`)
}
