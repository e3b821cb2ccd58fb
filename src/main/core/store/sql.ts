import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import { err, type Result } from '../../../shared/contract/result'

/**
 * Brands in the manner of Signal's `ts/sql/Interface.std.ts`: a function that takes a `ReadableDB`
 * promises not to write, one that takes a `WritableDB` may. A read-only store (a database from a
 * newer Hearth) is handed out as `ReadableDB` only, so the type checker stops writes to it.
 */
export type ReadableDB = DatabaseSync & { readonly __readable: unique symbol }
export type WritableDB = ReadableDB & { readonly __writable: unique symbol }

/** Brands a connection opened for reading only. */
export function asReadable(db: DatabaseSync): ReadableDB {
  return db as ReadableDB
}

/** Brands a connection that may write. */
export function asWritable(db: DatabaseSync): WritableDB {
  return db as WritableDB
}

export type SqlParams = SQLInputValue[]
export type Row = Record<string, SQLInputValue>

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>()

/**
 * A prepared statement, compiled once per connection: preparing costs more than running the
 * small queries the store makes (a bulk import runs the same insert 100,000 times).
 */
export function prepared(db: ReadableDB, sql: string): StatementSync {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}

/** One row or undefined; rows come back as null-prototype objects of SQLite values. */
export function getRow(db: ReadableDB, sql: string, ...params: SqlParams): Row | undefined {
  return prepared(db, sql).get(...params)
}

/** Every row of a query. */
export function allRows(db: ReadableDB, sql: string, ...params: SqlParams): Row[] {
  return prepared(db, sql).all(...params)
}

/** Runs `fn` in one transaction: all of it is saved or none of it. Nested calls join the outer one. */
export function transaction<T>(db: WritableDB, fn: () => T): T {
  if (db.isTransaction) return fn()
  // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a lock upgrade.
  db.exec('BEGIN IMMEDIATE')
  try {
    const value = fn()
    db.exec('COMMIT')
    return value
  } catch (error) {
    // A failed COMMIT (disk full) may already have rolled back; ROLLBACK then has nothing to do.
    // TypeScript keeps the early return's narrowing of isTransaction past exec(); it changes here.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

/** Reads a column as a string; throws on a schema mismatch (a bug, not an expected failure). */
export function str(row: Row, column: string): string {
  const value = row[column]
  if (typeof value !== 'string') throw new TypeError(`column ${column}: expected text`)
  return value
}

/** Reads a nullable text column. */
export function strOrNull(row: Row, column: string): string | null {
  const value = row[column]
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') throw new TypeError(`column ${column}: expected text or null`)
  return value
}

/** Reads a numeric column. */
export function num(row: Row, column: string): number {
  const value = row[column]
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  throw new TypeError(`column ${column}: expected a number`)
}

/** Reads a nullable numeric column. */
export function numOrNull(row: Row, column: string): number | null {
  const value = row[column]
  if (value === null || value === undefined) return null
  return num(row, column)
}

/** SQLite's primary result codes that a user can do something about. */
const SQLITE_BUSY = 5
const SQLITE_READONLY = 8
const SQLITE_IOERR = 10
const SQLITE_FULL = 13
const SQLITE_CANTOPEN = 14

/** The SQLite result code of an error thrown by node:sqlite, or null for any other error. */
export function sqliteCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return null
  const code = error.errcode
  // Extended codes carry the primary code in their low byte.
  return typeof code === 'number' ? code & 0xff : null
}

/**
 * Turns a write failure into a Result the user can act on. A full disk and a read-only store are
 * expected failures; anything else is a bug and is thrown again for the caller's INTERNAL handler.
 */
export function writeFailure<T = never>(error: unknown): Result<T> {
  switch (sqliteCode(error)) {
    case SQLITE_BUSY:
      // Another writer (an import's worker, a second Hearth) held the file past the busy timeout.
      return err(
        'BUSY',
        'Hearth is busy writing its history (an import may be running). Try again in a moment; nothing was lost.',
      )
    case SQLITE_FULL:
      return err(
        'DISK_FULL',
        'The disk is full, so Hearth could not save this. Free some space and try again; everything saved before is kept.',
      )
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return err(
        'READ_ONLY',
        'Hearth cannot write its history file (it is read-only). Check the permissions of the data folder; everything saved before is kept.',
      )
    case SQLITE_IOERR:
      return err(
        'DISK_FULL',
        'Hearth could not write to the disk. Check that it has free space and is still connected; everything saved before is kept.',
      )
    default:
      throw error
  }
}

/** Runs a write and answers a full disk or read-only store as a Result error instead of a throw. */
export function tryWrite<T>(fn: () => T): Result<T> {
  try {
    return { ok: true, value: fn() }
  } catch (error) {
    return writeFailure<T>(error)
  }
}
