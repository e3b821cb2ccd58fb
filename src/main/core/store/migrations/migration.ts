import type { WritableDB } from '../sql'

/** One schema step. Released migrations are never edited: a fix is a new, higher-numbered one. */
export interface Migration {
  /** The `PRAGMA user_version` the database has after this step. */
  readonly version: number
  readonly name: string
  /** Runs inside the migrator's transaction; it must not open its own. */
  readonly up: (db: WritableDB) => void
}
