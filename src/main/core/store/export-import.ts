import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { z } from 'zod'
import {
  ExportFileSchema,
  ExportedConversationSchema,
  type ExportFile,
  type ExportedConversation,
  type ImportReport,
} from '../../../shared/contract/schemas/conversations'
import { err, ok, type Result } from '../../../shared/contract/result'
import {
  conversationExists,
  getConversationRecord,
  insertConversationRecord,
  listAllConversationIds,
} from './conversations'
import { newId } from './ids'
import { insertMessage, listAllMessages } from './messages'
import { getRow, prepared, transaction, type ReadableDB, type WritableDB } from './sql'

/** Builds the JSON export of the given conversations, or of all of them when `ids` is 'all'. */
export function exportConversations(
  db: ReadableDB,
  ids: readonly string[] | 'all',
  now: number,
): Result<ExportFile> {
  const wanted = ids === 'all' ? listAllConversationIds(db) : ids
  const conversations: ExportedConversation[] = []
  for (const id of wanted) {
    const found = getConversationRecord(db, id)
    if (!found.ok) return found
    const messages = listAllMessages(db, id).map(({ conversationId: _, ...message }) => message)
    conversations.push({ ...found.value, messages })
  }
  return ok({ format: 'hearth-conversations', version: 1, exportedAt: now, conversations })
}

/**
 * A stored time as ISO 8601, or `unknown date` for one `Date` cannot hold: the import refuses
 * such times now, but a history written before must still export (issue 10).
 */
function isoDate(ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? 'unknown date' : date.toISOString()
}

/** A readable Markdown rendering of an export; replies replaced by a regenerate are marked. */
export function toMarkdown(file: ExportFile): string {
  const parts: string[] = []
  for (const conversation of file.conversations) {
    parts.push(`# ${conversation.title || 'Untitled conversation'}`, '')
    parts.push(`- Created: ${isoDate(conversation.createdAt)}`)
    if (conversation.model) parts.push(`- Model: ${conversation.model}`)
    if (conversation.sampling) parts.push(`- Sampling: ${JSON.stringify(conversation.sampling)}`)
    parts.push('')
    if (conversation.systemPrompt)
      parts.push('> **System prompt:**', quote(conversation.systemPrompt), '')
    const replaced = replacedMessageIds(conversation)
    for (const message of conversation.messages) {
      const who = message.role === 'user' ? 'You' : 'Assistant'
      const notes = [
        replaced.has(message.id) ? 'replaced by a later version' : null,
        message.finishReason && message.finishReason !== 'done' ? message.finishReason : null,
      ].filter((note) => note !== null)
      parts.push(
        `## ${who}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
        '',
        message.text,
        '',
      )
    }
  }
  return `${parts.join('\n').trimEnd()}\n`
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')
}

/** Messages with a later sibling (same parent, same role): earlier versions of a regenerate/edit. */
function replacedMessageIds(conversation: ExportedConversation): Set<string> {
  const latestByBranchPoint = new Map<string, string>()
  for (const message of conversation.messages) {
    latestByBranchPoint.set(`${message.role}:${message.parentId ?? ''}`, message.id)
  }
  const latest = new Set(latestByBranchPoint.values())
  return new Set(conversation.messages.filter((m) => !latest.has(m.id)).map((m) => m.id))
}

/** "conversations.0.messages.3.role: Invalid option: expected one of "user"|"assistant"". */
function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]
  if (!issue) return 'The file does not match the Hearth export format.'
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
  return `${path || 'file'}: ${issue.message}`
}

function invalid<T>(detail: string): Result<T> {
  return err('INVALID_INPUT', `This is not a valid Hearth export: ${detail}`)
}

const HeaderSchema = ExportFileSchema.extend({ conversations: z.array(z.unknown()) })
/** Conversations validated between two yields to the event loop. */
const PARSE_SLICE = 50

/**
 * Validates an export (parsed JSON) with the versioned schema, a slice of conversations at a time so
 * a big file does not freeze the main thread. Also checks what zod cannot: ids unique within the
 * file, and every parent id naming an earlier message of the same conversation.
 */
async function parseExportFile(raw: unknown): Promise<Result<ExportFile>> {
  if (typeof raw === 'object' && raw !== null && 'version' in raw) {
    const version = (raw as { version: unknown }).version
    if (typeof version === 'number' && version > 1) {
      return err(
        'INVALID_INPUT',
        `This export is from a newer Hearth (format version ${version}). Update Hearth to import it.`,
      )
    }
  }
  const header = HeaderSchema.safeParse(raw)
  if (!header.success) return invalid(describeIssue(header.error, ''))
  const conversations: ExportedConversation[] = []
  const seenConversations = new Set<string>()
  const seenMessages = new Set<string>()
  for (const [index, item] of header.data.conversations.entries()) {
    if (index > 0 && index % PARSE_SLICE === 0) await yieldToLoop()
    const parsed = ExportedConversationSchema.safeParse(item)
    if (!parsed.success) return invalid(describeIssue(parsed.error, `conversations.${index}`))
    const conversation = parsed.data
    if (seenConversations.has(conversation.id)) {
      return invalid(`conversations.${index}.id: "${conversation.id}" appears twice in the file`)
    }
    seenConversations.add(conversation.id)
    for (const [m, message] of conversation.messages.entries()) {
      const where = `conversations.${index}.messages.${m}`
      if (seenMessages.has(message.id)) return invalid(`${where}.id: "${message.id}" appears twice`)
      if (message.parentId !== null && !seenMessages.has(message.parentId)) {
        return invalid(`${where}.parentId: no earlier message has the id "${message.parentId}"`)
      }
      seenMessages.add(message.id)
    }
    conversations.push(conversation)
  }
  return ok({ ...header.data, conversations })
}

/** Parses export text (JSON) and validates it; a syntax error is answered, not thrown. */
export async function parseExportText(text: string): Promise<Result<ExportFile>> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    // V8's message quotes the text itself; the user gets where it breaks, not what it says.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1]
    return invalid(at === undefined ? 'it is not JSON.' : `it is not JSON (at character ${at}).`)
  }
  return parseExportFile(raw)
}

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
