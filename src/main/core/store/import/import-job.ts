import { err, type Result } from '../../../../shared/contract/result'
import type { ImportReport } from '../../../../shared/contract/schemas/conversations'
import { openConnection } from '../db'
import { parseExportText } from './parse-export'
import { runStagedImport, type WriteGate } from './staged-import'
import { asWritable, writeFailure } from '../sql'

/** What the main thread hands the import worker. */
export interface ImportJobInput {
  /** The history file. */
  path: string
  /** The export's text, as the user's file holds it. */
  text: string
  /** Shared with the main thread's store: see `WriteGate`. */
  gate: WriteGate
  /** The store's `setMaxPageCount` (tests of a full disk). */
  maxPageCount?: number
}

/** The worker's one answer: the Result, or a bug's message for the main thread's log. */
export type ImportWorkerAnswer = { result: Result<ImportReport> } | { bug: string }

/** Parses, validates and writes one import on a connection of its own (the worker's job). */
export async function runImportJob(input: ImportJobInput): Promise<ImportWorkerAnswer> {
  const file = await parseExportText(input.text)
  if (!file.ok) return { result: file }
  let db
  try {
    db = openConnection(input.path)
    if (input.maxPageCount !== undefined) db.exec(`PRAGMA max_page_count = ${input.maxPageCount}`)
  } catch {
    return {
      result: err('READ_ONLY', `Hearth cannot write its history file at ${input.path}.`),
    }
  }
  try {
    const report = runStagedImport(asWritable(db), file.value, { gate: input.gate })
    return { result: { ok: true, value: report } }
  } catch (error) {
    try {
      // A full disk or a read-only file is an answer; anything else is a bug, reported as one.
      return { result: writeFailure(error) }
    } catch {
      return { bug: error instanceof Error ? (error.stack ?? error.message) : String(error) }
    }
  } finally {
    db.close()
  }
}
