import type { FinishReason, ReplyStats, Role } from '../../../shared/contract/schemas/chat'
import { FinishReasonSchema, RoleSchema } from '../../../shared/contract/schemas/chat'
import {
  ReplyGenerationSchema,
  type MessagePage,
  type ReplyGeneration,
  type StoredMessage,
} from '../../../shared/contract/schemas/conversations'
import { err, ok, type Result } from '../../../shared/contract/result'
import { touchConversation } from './conversations'
import { newId } from './ids'
import { allRows, getRow, num, numOrNull, prepared, str, strOrNull } from './sql'
import type { ReadableDB, Row, WritableDB } from './sql'

export const MESSAGE_COLUMNS = `id, conversation_id, role, text, parent_id, created_at, finish_reason,
  ttft_ms, tokens_per_second, token_count, generation`

/** The message columns, each prefixed with a table alias (`m.id, m.role…`). */
export function prefixed(alias: string): string {
  return MESSAGE_COLUMNS.split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ')
}

/** Turns a row into the stored shape. */
export function messageFromRow(row: Row): StoredMessage {
  const ttftMs = numOrNull(row, 'ttft_ms')
  const tokensPerSecond = numOrNull(row, 'tokens_per_second')
  const tokenCount = numOrNull(row, 'token_count')
  const finish = strOrNull(row, 'finish_reason')
  return {
    id: str(row, 'id'),
    conversationId: str(row, 'conversation_id'),
    role: RoleSchema.parse(str(row, 'role')),
    text: str(row, 'text'),
    parentId: strOrNull(row, 'parent_id'),
    createdAt: num(row, 'created_at'),
    finishReason: finish === null ? null : FinishReasonSchema.parse(finish),
    stats:
      ttftMs !== null && tokensPerSecond !== null && tokenCount !== null
        ? { ttftMs, tokensPerSecond, tokenCount }
        : null,
    generation: parseGeneration(strOrNull(row, 'generation')),
  }
}

/** A reply's generation record; one that no longer parses (a newer shape) reads as unknown (null). */
function parseGeneration(text: string | null): ReplyGeneration | null {
  if (text === null) return null
  try {
    const parsed = ReplyGenerationSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Records how a reply was made (model, settings, context); replaces an earlier record. */
export function recordGeneration(
  db: WritableDB,
  id: string,
  generation: ReplyGeneration,
): Result<void> {
  const result = prepared(
    db,
    "UPDATE messages SET generation = ? WHERE id = ? AND role = 'assistant'",
  ).run(JSON.stringify(generation), id)
  return result.changes === 0 ? err('NOT_FOUND', 'That reply no longer exists.') : ok(undefined)
}

/** The default page size when a conversation is opened. */
export const DEFAULT_PAGE_SIZE = 200

/** The SQL behind opening a conversation; exported so the migration tests can check its plan. */
export const NEWEST_MESSAGES_SQL = `SELECT ${MESSAGE_COLUMNS} FROM messages
  WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`

/**
 * A page of a conversation's messages, oldest first: the newest `limit` (default 200), or the
 * `limit` just older than the message `before`. Order is insertion order, so it is stable even
 * when two messages share a millisecond.
 */
export function listMessages(
  db: ReadableDB,
  conversationId: string,
  options: { limit?: number; before?: string | null } = {},
): Result<MessagePage> {
  const limit = Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE)
  let beforeSeq = Number.MAX_SAFE_INTEGER
  if (options.before) {
    const cursor = pageCursor(db, conversationId, options.before)
    if (!cursor.ok) return cursor
    beforeSeq = num(cursor.value, 'seq')
  }
  // One extra row tells whether an older page exists without a count(*).
  const rows = allRows(db, NEWEST_MESSAGES_SQL, conversationId, beforeSeq, limit + 1)
  return ok(pageOfNewest(rows.map(messageFromRow), limit, Boolean(options.before)))
}

/** The message a page of older ones ends before (its `seq` and `parent_id`), in this conversation. */
export function pageCursor(db: ReadableDB, conversationId: string, before: string): Result<Row> {
  const row = getRow(
    db,
    'SELECT seq, parent_id FROM messages WHERE id = ? AND conversation_id = ?',
    before,
    conversationId,
  )
  return row ? ok(row) : err('NOT_FOUND', 'That part of the conversation no longer exists.')
}

/** Every message of a conversation, oldest first (export). */
export function listAllMessages(db: ReadableDB, conversationId: string): StoredMessage[] {
  return allRows(
    db,
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq`,
    conversationId,
  ).map(messageFromRow)
}

/** One message. */
export function getMessage(db: ReadableDB, id: string): Result<StoredMessage> {
  const row = getRow(db, `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, id)
  return row ? ok(messageFromRow(row)) : err('NOT_FOUND', 'That message no longer exists.')
}

/**
 * The thread that ends at `leafId`, oldest first, following parent links: with regenerate/edit
 * branches this is the history the model should see, without the replies that were replaced.
 */
export function getThread(db: ReadableDB, leafId: string): StoredMessage[] {
  return threadUpwards(db, leafId, Number.MAX_SAFE_INTEGER).reverse()
}

/**
 * The thread up from a message by parent links, as `thread (id, depth)`: parameters are the
 * message, how many messages at most, and a message to stop at (included; null: none).
 */
export const THREAD_UPWARDS_CTE = `WITH RECURSIVE thread (id, depth) AS (
    SELECT id, 0 FROM messages WHERE id = ?
    UNION ALL
    SELECT m.parent_id, t.depth + 1 FROM messages m JOIN thread t ON m.id = t.id
    WHERE m.parent_id IS NOT NULL AND t.depth + 1 < ? AND m.id IS NOT ?
  )`

/** At most `count` messages of the thread ending at `leafId`, newest first (parent links). */
export function threadUpwards(db: ReadableDB, leafId: string, count: number): StoredMessage[] {
  return allRows(
    db,
    `${THREAD_UPWARDS_CTE}
     SELECT ${prefixed('m')} FROM thread t JOIN messages m ON m.id = t.id
     ORDER BY t.depth`,
    leafId,
    count,
    null,
  ).map(messageFromRow)
}

/**
 * A page from messages newest first, fetched one beyond `limit` to tell whether more exist.
 * `hasNewer`: the page ends before a cursor (an older page), so newer messages follow it.
 */
export function pageOfNewest(
  newestFirst: readonly StoredMessage[],
  limit: number,
  hasNewer = false,
): MessagePage {
  const messages = newestFirst.slice(0, limit).reverse()
  return pageWithCursors(messages, newestFirst.length > limit, hasNewer)
}

/** A page of `messages` (oldest first), with the cursors to the pages on either side of it. */
export function pageWithCursors(
  messages: StoredMessage[],
  hasMore: boolean,
  hasNewer: boolean,
): MessagePage {
  return {
    messages,
    hasMore,
    before: hasMore ? (messages[0]?.id ?? null) : null,
    hasNewer,
    after: hasNewer ? (messages.at(-1)?.id ?? null) : null,
  }
}

/** A message about to be written. */
export interface NewMessage {
  conversationId: string
  role: Role
  text: string
  /** The message this one follows in its branch (a reply's user message); null for the first. */
  parentId?: string | null
  /** Import keeps the original id; otherwise a new one is made. */
  id?: string
  createdAt: number
  finishReason?: FinishReason | null
  stats?: ReplyStats | null
  generation?: ReplyGeneration | null
}

/** Inserts a message and moves its conversation up the list. The caller holds the transaction. */
export function insertMessage(db: WritableDB, message: NewMessage): StoredMessage {
  const id = message.id ?? newId()
  const stats = message.stats ?? null
  const generation = message.generation ?? null
  prepared(
    db,
    `INSERT INTO messages (id, conversation_id, role, text, parent_id, created_at, finish_reason,
       ttft_ms, tokens_per_second, token_count, generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    message.conversationId,
    message.role,
    message.text,
    message.parentId ?? null,
    message.createdAt,
    message.finishReason ?? null,
    stats?.ttftMs ?? null,
    stats?.tokensPerSecond ?? null,
    stats?.tokenCount ?? null,
    generation === null ? null : JSON.stringify(generation),
  )
  touchConversation(db, message.conversationId, message.createdAt)
  return {
    id,
    conversationId: message.conversationId,
    role: message.role,
    text: message.text,
    parentId: message.parentId ?? null,
    createdAt: message.createdAt,
    finishReason: message.finishReason ?? null,
    stats,
    generation,
  }
}

function conversationIsLive(db: ReadableDB, id: string): boolean {
  return (
    getRow(db, 'SELECT 1 AS x FROM conversations WHERE id = ? AND deleted_at IS NULL', id) !==
    undefined
  )
}

/** Saves what the user typed. */
export function addUserMessage(
  db: WritableDB,
  input: { conversationId: string; text: string; parentId?: string | null },
  now: number,
): Result<StoredMessage> {
  if (!conversationIsLive(db, input.conversationId)) {
    return err('NOT_FOUND', 'That conversation no longer exists. It may have been deleted.')
  }
  return ok(insertMessage(db, { ...input, role: 'user', createdAt: now }))
}

/**
 * Starts a streamed reply: inserts the assistant row (finish reason null = streaming) with the text
 * so far, usually the first chunk. If the app dies before `finishReply`, the next start marks it
 * `interrupted` and keeps the text.
 */
export function beginReply(
  db: WritableDB,
  input: { conversationId: string; parentId: string | null; text?: string; id?: string },
  now: number,
): Result<StoredMessage> {
  if (!conversationIsLive(db, input.conversationId)) {
    return err('NOT_FOUND', 'That conversation no longer exists. It may have been deleted.')
  }
  return ok(
    insertMessage(db, {
      conversationId: input.conversationId,
      role: 'assistant',
      text: input.text ?? '',
      parentId: input.parentId,
      createdAt: now,
      ...(input.id === undefined ? {} : { id: input.id }),
    }),
  )
}

/** New text for a streaming reply: the whole text so far, or a piece to add at the end. */
export type ReplyUpdate = { text: string } | { delta: string }

/** Saves more of a streaming reply in one short statement. Only a reply still streaming changes. */
/**
 * Opens a stopped or interrupted reply for more text (continue): it streams again, so a crash now
 * leaves it `interrupted` like any reply in progress.
 */
export function reopenReply(db: WritableDB, id: string): Result<void> {
  const result = db
    .prepare(
      "UPDATE messages SET finish_reason = NULL WHERE id = ? AND role = 'assistant' AND finish_reason IN ('stopped', 'interrupted', 'length')",
    )
    .run(id)
  return result.changes === 0
    ? err('INVALID_INPUT', 'Only a reply that was stopped or cut off can be continued.')
    : ok(undefined)
}

export function appendReply(db: WritableDB, id: string, update: ReplyUpdate): Result<void> {
  const result =
    'text' in update
      ? db
          .prepare('UPDATE messages SET text = ? WHERE id = ? AND finish_reason IS NULL')
          .run(update.text, id)
      : db
          .prepare('UPDATE messages SET text = text || ? WHERE id = ? AND finish_reason IS NULL')
          .run(update.delta, id)
  return result.changes === 0 ? notStreaming() : ok(undefined)
}

function notStreaming<T>(): Result<T> {
  return err('NOT_FOUND', 'That reply is no longer being written.')
}

/** Ends a streamed reply: the final text (when given), why it ended, and its speed figures. */
export function finishReply(
  db: WritableDB,
  id: string,
  input: { finishReason: FinishReason; stats?: ReplyStats | null; text?: string },
): Result<StoredMessage> {
  const stats = input.stats ?? null
  const result = prepared(
    db,
    `UPDATE messages SET text = coalesce(?, text), finish_reason = ?, ttft_ms = ?,
         tokens_per_second = ?, token_count = ? WHERE id = ? AND finish_reason IS NULL`,
  ).run(
    input.text ?? null,
    input.finishReason,
    stats?.ttftMs ?? null,
    stats?.tokensPerSecond ?? null,
    stats?.tokenCount ?? null,
    id,
  )
  return result.changes === 0 ? notStreaming() : getMessage(db, id)
}

/** At start: replies a crash left streaming become `interrupted` (their text is kept). */
export function markInterruptedReplies(db: WritableDB): number {
  return Number(
    db
      .prepare(
        `UPDATE messages SET finish_reason = 'interrupted'
         WHERE role = 'assistant' AND finish_reason IS NULL`,
      )
      .run().changes,
  )
}
