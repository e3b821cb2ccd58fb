import type {
  ExportFile,
  ExportedConversation,
  ImportReport,
} from '../../../../shared/contract/schemas/conversations'
import { conversationExists, insertConversationRecord } from '../conversations'
import { newId } from '../ids'
import { insertMessage } from '../messages'
import { getRow, prepared, transaction, type ReadableDB, type WritableDB } from '../sql'

/** Whether this conversation is already stored exactly (same id, same messages): re-importing it. */
function alreadyStored(db: ReadableDB, conversation: ExportedConversation): boolean {
  if (!conversationExists(db, conversation.id)) return false
  const row = getRow(
    db,
    'SELECT count(*) AS n FROM messages WHERE conversation_id = ?',
    conversation.id,
  )
  if (Number(row?.n ?? -1) !== conversation.messages.length) return false
  const check = prepared(db, 'SELECT 1 AS x FROM messages WHERE id = ? AND conversation_id = ?')
  return conversation.messages.every((m) => check.get(m.id, conversation.id) !== undefined)
}

function anyIdTaken(db: ReadableDB, conversation: ExportedConversation): boolean {
  if (conversationExists(db, conversation.id)) return true
  const check = prepared(db, 'SELECT 1 AS x FROM messages WHERE id = ?')
  return conversation.messages.some((m) => check.get(m.id) !== undefined)
}

/**
 * Writes one conversation of an export (the caller holds the transaction). Never overwrites: a
 * conversation already stored identically is skipped (null), one whose id (or a message id) is
 * taken is imported with new ids (parent links follow). A reply exported while streaming is
 * `interrupted`. Answers the id it was stored under.
 */
export function importConversation(
  db: WritableDB,
  conversation: ExportedConversation,
  report: ImportReport,
): string | null {
  if (alreadyStored(db, conversation)) {
    report.skipped.push(conversation.id)
    return null
  }
  const renew = anyIdTaken(db, conversation)
  const conversationId = renew ? newId() : conversation.id
  if (renew) report.renamedIds.push({ from: conversation.id, to: conversationId })
  const { messages, ...record } = conversation
  insertConversationRecord(db, { ...record, id: conversationId })
  const ids = new Map<string, string>()
  for (const message of messages) {
    const id = renew ? newId() : message.id
    ids.set(message.id, id)
    const interrupted = message.role === 'assistant' && message.finishReason === null
    const context = message.generation?.context
    insertMessage(db, {
      ...message,
      id,
      conversationId,
      parentId: message.parentId === null ? null : (ids.get(message.parentId) ?? null),
      finishReason: interrupted ? 'interrupted' : message.finishReason,
      // The message a reply's context started at was imported before it, under its new id.
      ...(message.generation && context?.firstSeenId
        ? {
            generation: {
              ...message.generation,
              context: { ...context, firstSeenId: ids.get(context.firstSeenId) ?? null },
            },
          }
        : {}),
    })
  }
  report.imported += 1
  report.messages += messages.length
  return conversationId
}

/** An empty import report. */
export function emptyImportReport(): ImportReport {
  return { imported: 0, messages: 0, renamedIds: [], skipped: [] }
}

/**
 * Writes a validated export in ONE transaction: all of it or nothing (see `importConversation`).
 * Synchronous: for a parsed file already in hand (the benchmark); the app imports through the
 * import worker, which keeps the main thread free.
 */
export function importExportFile(db: WritableDB, file: ExportFile): ImportReport {
  const report = emptyImportReport()
  transaction(db, () => {
    for (const conversation of file.conversations) importConversation(db, conversation, report)
  })
  return report
}
