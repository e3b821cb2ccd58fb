import type { ExportFile, ImportReport } from '../../../../shared/contract/schemas/conversations'
import { IMPORT_STAGING_DELETED_AT } from '../conversations'
import { emptyImportReport, importConversation } from './import-conversation'
import { prepared, transaction, type WritableDB } from '../sql'

/** Messages written per transaction: short enough that a write from the main thread waits little. */
const IMPORT_SLICE_MESSAGES = 400

/**
 * A flag shared with the main thread: 1 while it wants to write. The import waits for it between
 * slices, so the app's own writes (a sent message, a streaming reply) never queue behind a whole
 * import, only behind the slice in flight.
 */
export type WriteGate = Int32Array

function waitForMainThread(gate: WriteGate | undefined): void {
  // Bounded waits: a main thread that died mid-write must not hang the import forever.
  for (let i = 0; gate !== undefined && Atomics.load(gate, 0) !== 0 && i < 200; i++) {
    Atomics.wait(gate, 0, 1, 50)
  }
}

/**
 * Writes a validated export in slices, each its own short transaction, with every conversation
 * staged (hidden); one last transaction reveals them all. So the import is all or nothing as the
 * user sees it, while other writes can go between slices. A failure removes what was staged and is
 * thrown again.
 */
export function runStagedImport(
  db: WritableDB,
  file: ExportFile,
  options: { gate?: WriteGate; sliceMessages?: number } = {},
): ImportReport {
  const sliceMessages = options.sliceMessages ?? IMPORT_SLICE_MESSAGES
  const report = emptyImportReport()
  const staged: string[] = []
  const hide = prepared(db, 'UPDATE conversations SET deleted_at = ? WHERE id = ?')
  try {
    let next = 0
    while (next < file.conversations.length) {
      waitForMainThread(options.gate)
      transaction(db, () => {
        let written = 0
        while (next < file.conversations.length && written < sliceMessages) {
          const conversation = file.conversations[next++]
          if (conversation === undefined) break
          const id = importConversation(db, conversation, report)
          if (id !== null) {
            hide.run(IMPORT_STAGING_DELETED_AT, id)
            staged.push(id)
          }
          written += conversation.messages.length + 1
        }
      })
    }
    waitForMainThread(options.gate)
    const reveal = prepared(
      db,
      'UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at = ?',
    )
    transaction(db, () => {
      for (const id of staged) reveal.run(id, IMPORT_STAGING_DELETED_AT)
    })
    return report
  } catch (error) {
    removeStaged(db, staged)
    throw error
  }
}

function removeStaged(db: WritableDB, ids: readonly string[]): void {
  try {
    const remove = prepared(db, 'DELETE FROM conversations WHERE id = ? AND deleted_at = ?')
    transaction(db, () => {
      for (const id of ids) remove.run(id, IMPORT_STAGING_DELETED_AT)
    })
  } catch {
    // A full disk can refuse even this; the next start purges staged rows (deleted_at 0).
  }
}
