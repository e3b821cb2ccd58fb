import { migration0001 } from './migrations/0001-init'
import { migration0002 } from './migrations/0002-fts'
import { migration0003 } from './migrations/0003-fts-prefix'
import { migration0004 } from './migrations/0004-fts-finished-replies'
import { migration0005 } from './migrations/0005-branches-and-generation'
import { migration0006 } from './migrations/0006-quick-conversations'
import type { Migration } from './migrations/migration'
import { getRow, num, transaction, type ReadableDB, type WritableDB } from './sql'

export type { Migration } from './migrations/migration'

/** Every migration, in order. Versions are 1, 2, 3… with no gaps (checked at load). */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
]

/** The schema version this Hearth writes. */
export const LATEST_VERSION = MIGRATIONS.length

/** The database's schema version, kept in `PRAGMA user_version` (0 for a new file). */
export function getSchemaVersion(db: ReadableDB): number {
  const row = getRow(db, 'PRAGMA user_version')
  return row ? num(row, 'user_version') : 0
}

/** What opening this file needs: nothing, an upgrade, or read-only access (it is from a newer Hearth). */
export type MigrationPlan =
  | { kind: 'current'; version: number }
  | { kind: 'upgrade'; from: number; to: number }
  | { kind: 'newer'; version: number; latest: number }

/** Decides what a database at `version` needs, against `migrations`. */
export function planMigration(
  db: ReadableDB,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationPlan {
  const version = getSchemaVersion(db)
  const latest = migrations.length
  if (version > latest) return { kind: 'newer', version, latest }
  if (version === latest) return { kind: 'current', version }
  return { kind: 'upgrade', from: version, to: latest }
}

/** A migration step threw; the database was rolled back to `from`. */
export class MigrationError extends Error {
  constructor(
    readonly from: number,
    readonly failedVersion: number,
    readonly stepName: string,
    cause: unknown,
  ) {
    super(`migration ${failedVersion} (${stepName}) failed`, { cause })
  }
}

/**
 * Brings the database to the latest version. Every pending step runs in its own savepoint inside ONE
 * transaction, so a failing step leaves the file exactly as it was (not half-way between versions).
 * Refuses a database newer than `migrations` (the caller opens those read-only instead).
 * @returns the version before and after.
 */
export function migrate(
  db: WritableDB,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  checkSequence(migrations)
  const plan = planMigration(db, migrations)
  if (plan.kind === 'newer') {
    throw new Error(`database version ${plan.version} is newer than ${plan.latest}; open read-only`)
  }
  if (plan.kind === 'current') return { from: plan.version, to: plan.version }
  let current = plan.from
  transaction(db, () => {
    for (const step of migrations.slice(plan.from)) {
      db.exec(`SAVEPOINT migration_${step.version}`)
      try {
        step.up(db)
        // user_version takes no bound parameter; the value is our own integer.
        db.exec(`PRAGMA user_version = ${step.version}`)
        db.exec(`RELEASE migration_${step.version}`)
        current = step.version
      } catch (error) {
        throw new MigrationError(plan.from, step.version, step.name, error)
      }
    }
  })
  return { from: plan.from, to: current }
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(`migration ${step.name} has version ${step.version}, expected ${index + 1}`)
    }
  })
}
