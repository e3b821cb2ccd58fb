import {
  ConversationSamplingSchema,
  type ConversationSampling,
  type StoredConversation,
} from '../../../shared/contract/schemas/conversations'
import { err, ok, type Result } from '../../../shared/contract/result'
import { newId } from './ids'
import { allRows, getRow, num, prepared, str, strOrNull } from './sql'
import type { ReadableDB, Row, WritableDB } from './sql'

const COLUMNS = `id, title, pinned, created_at, updated_at, system_prompt, sampling, model, quick`

// Most conversations share a few sampling settings; parsing each once keeps the sidebar list fast.
const samplingCache = new Map<string, ConversationSampling | null>()

function parseSampling(text: string | null): ConversationSampling | null {
  if (text === null) return null
  const cached = samplingCache.get(text)
  if (cached !== undefined) return cached === null ? null : structuredClone(cached)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = null
  }
  const parsed = ConversationSamplingSchema.safeParse(value)
  const sampling = parsed.success ? parsed.data : null
  if (samplingCache.size > 256) samplingCache.clear()
  samplingCache.set(text, sampling)
  return sampling === null ? null : structuredClone(sampling)
}

/** Turns a row into the stored shape; sampling JSON that no longer parses reads as null (app default). */
function conversationFromRow(row: Row): StoredConversation {
  const sampling = parseSampling(strOrNull(row, 'sampling'))
  return {
    id: str(row, 'id'),
    title: str(row, 'title'),
    pinned: num(row, 'pinned') === 1,
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
    systemPrompt: strOrNull(row, 'system_prompt'),
    sampling,
    model: strOrNull(row, 'model'),
    quick: num(row, 'quick') === 1,
  }
}

function notFound<T>(): Result<T> {
  return err('NOT_FOUND', 'That conversation no longer exists. It may have been deleted.')
}

/** The SQL behind the sidebar list; exported so the migration tests can check its query plan. */
export const LIST_CONVERSATIONS_SQL = `SELECT ${COLUMNS} FROM conversations
  WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at DESC, seq DESC LIMIT ? OFFSET ?`

/** Conversations for the sidebar: pinned first, then by last activity; deleted ones left out. */
export function listConversations(
  db: ReadableDB,
  options: { limit?: number; offset?: number } = {},
): StoredConversation[] {
  const limit = options.limit ?? 10_000
  return allRows(db, LIST_CONVERSATIONS_SQL, limit, options.offset ?? 0).map(conversationFromRow)
}

/**
 * `deleted_at` of a conversation an import is still writing: hidden like a deleted one, but never
 * listed, restored or purged as one; the import reveals it at the end, or the next start removes it
 * (see `purgeStagedImports`). Real deletes store the time, never 0.
 */
export const IMPORT_STAGING_DELETED_AT = 0

/** Conversations deleted but not yet purged (the Undo window), newest deletion first. */
export function listDeletedConversations(db: ReadableDB): StoredConversation[] {
  return allRows(
    db,
    `SELECT ${COLUMNS} FROM conversations WHERE deleted_at > ${IMPORT_STAGING_DELETED_AT}
     ORDER BY deleted_at DESC`,
  ).map(conversationFromRow)
}

/** One conversation that is not deleted. */
export function getConversationRecord(db: ReadableDB, id: string): Result<StoredConversation> {
  const row = getRow(
    db,
    `SELECT ${COLUMNS} FROM conversations WHERE id = ? AND deleted_at IS NULL`,
    id,
  )
  return row ? ok(conversationFromRow(row)) : notFound()
}

/** What a new conversation may start with; everything is optional. */
export interface NewConversation {
  title?: string
  systemPrompt?: string | null
  sampling?: ConversationSampling | null
  model?: string | null
  /** Started from the quick prompt. */
  quick?: boolean
}

/** Creates a conversation (an empty title until the first message names it). */
export function createConversation(
  db: WritableDB,
  input: NewConversation,
  now: number,
): StoredConversation {
  const id = newId()
  prepared(
    db,
    `INSERT INTO conversations (id, title, created_at, updated_at, system_prompt, sampling, model,
       quick) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.title ?? '',
    now,
    now,
    input.systemPrompt ?? null,
    input.sampling ? JSON.stringify(input.sampling) : null,
    input.model ?? null,
    input.quick === true ? 1 : 0,
  )
  const created = getConversationRecord(db, id)
  if (!created.ok) throw new Error('conversation vanished right after insert')
  return created.value
}

/** Sets the title (rename). The sidebar order does not change: renaming is not activity. */
export function setConversationTitle(
  db: WritableDB,
  id: string,
  title: string,
): Result<StoredConversation> {
  const result = prepared(
    db,
    'UPDATE conversations SET title = ? WHERE id = ? AND deleted_at IS NULL',
  ).run(title, id)
  return result.changes === 0 ? notFound() : getConversationRecord(db, id)
}

/** Pins or unpins; pinned conversations head the list. */
export function setConversationPinned(
  db: WritableDB,
  id: string,
  pinned: boolean,
): Result<StoredConversation> {
  const result = prepared(
    db,
    'UPDATE conversations SET pinned = ? WHERE id = ? AND deleted_at IS NULL',
  ).run(pinned ? 1 : 0, id)
  return result.changes === 0 ? notFound() : getConversationRecord(db, id)
}

/** The per-conversation settings; a field left out keeps its value, null clears it. */
export interface ConversationSettingsPatch {
  systemPrompt?: string | null
  sampling?: ConversationSampling | null
  model?: string | null
}

/** Changes a conversation's system prompt, sampling settings or model. */
export function updateConversationSettings(
  db: WritableDB,
  id: string,
  patch: ConversationSettingsPatch,
): Result<StoredConversation> {
  const current = getConversationRecord(db, id)
  if (!current.ok) return current
  const next = { ...current.value, ...patch }
  prepared(
    db,
    'UPDATE conversations SET system_prompt = ?, sampling = ?, model = ? WHERE id = ?',
  ).run(
    next.systemPrompt ?? null,
    next.sampling ? JSON.stringify(next.sampling) : null,
    next.model ?? null,
    id,
  )
  return getConversationRecord(db, id)
}

/** Marks a conversation as activity at `at` (a new message), moving it up the list. */
export function touchConversation(db: WritableDB, id: string, at: number): void {
  prepared(db, 'UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?').run(at, id)
}

/** Soft delete: hidden from lists and search at once, kept until `purgeDeleted` so Undo works. */
export function deleteConversation(
  db: WritableDB,
  id: string,
  now: number,
): Result<{ id: string; deletedAt: number }> {
  const result = prepared(
    db,
    'UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
  ).run(now, id)
  return result.changes === 0 ? notFound() : ok({ id, deletedAt: now })
}

/** Undoes a soft delete. */
export function restoreConversation(db: WritableDB, id: string): Result<StoredConversation> {
  const result = prepared(
    db,
    `UPDATE conversations SET deleted_at = NULL
     WHERE id = ? AND deleted_at > ${IMPORT_STAGING_DELETED_AT}`,
  ).run(id)
  if (result.changes === 0) {
    return err('NOT_FOUND', 'That conversation can no longer be restored; it was removed for good.')
  }
  return getConversationRecord(db, id)
}

/** Removes for good every conversation deleted before `olderThan` (epoch ms), with its messages. */
export function purgeDeleted(db: WritableDB, olderThan: number): number {
  // Messages go by ON DELETE CASCADE; the FTS delete triggers fire for each of them.
  return Number(
    db
      .prepare(
        `DELETE FROM conversations
         WHERE deleted_at > ${IMPORT_STAGING_DELETED_AT} AND deleted_at < ?`,
      )
      .run(olderThan).changes,
  )
}

/** Removes what an import cut short by a crash had staged (at open, before any import runs). */
export function purgeStagedImports(db: WritableDB): number {
  return Number(
    db.prepare(`DELETE FROM conversations WHERE deleted_at = ${IMPORT_STAGING_DELETED_AT}`).run()
      .changes,
  )
}

/** Whether a conversation with this id exists (deleted or not). */
export function conversationExists(db: ReadableDB, id: string): boolean {
  return getRow(db, 'SELECT 1 AS x FROM conversations WHERE id = ?', id) !== undefined
}

/** Inserts a conversation exactly as given (import); the caller checked that the id is free. */
export function insertConversationRecord(db: WritableDB, conversation: StoredConversation): void {
  prepared(
    db,
    `INSERT INTO conversations (id, title, pinned, created_at, updated_at, system_prompt, sampling,
       model, quick) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    conversation.id,
    conversation.title,
    conversation.pinned ? 1 : 0,
    conversation.createdAt,
    conversation.updatedAt,
    conversation.systemPrompt,
    conversation.sampling ? JSON.stringify(conversation.sampling) : null,
    conversation.model,
    conversation.quick === true ? 1 : 0,
  )
}

/** Every conversation that is not deleted, by id, for a full export. */
export function listAllConversationIds(db: ReadableDB): string[] {
  return allRows(
    db,
    'SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY created_at, seq',
  ).map((row) => str(row, 'id'))
}
