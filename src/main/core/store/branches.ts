import { err, ok, type Result } from '../../../shared/contract/result'
import { MESSAGE_COLUMNS, prefixed } from './messages'
import { allRows, getRow, prepared, str, strOrNull } from './sql'
import type { ReadableDB, Row, WritableDB } from './sql'

// A conversation is a tree: a regenerated reply is a sibling of the one it replaces (same user
// message as parent) and an edited message a sibling of the original. The conversation shows one
// branch: the newest continuation of its `active_leaf_id` (its newest message when none is set).

/** Every message below `id` (itself included), newest last. */
const SUBTREE_SQL = `WITH RECURSIVE subtree (id) AS (
    SELECT id FROM messages WHERE id = ?
    UNION ALL
    SELECT m.id FROM messages m JOIN subtree s ON m.parent_id = s.id
  )`

/**
 * The last message of the branch the conversation shows: the newest message below its active
 * message (switching to a sibling shows that sibling's newest continuation), or its newest message.
 * Null for an empty conversation.
 */
export function branchLeaf(db: ReadableDB, conversationId: string): string | null {
  const conversation = getRow(
    db,
    'SELECT active_leaf_id FROM conversations WHERE id = ?',
    conversationId,
  )
  const active = conversation ? strOrNull(conversation, 'active_leaf_id') : null
  if (active !== null) {
    const newest = getRow(
      db,
      `${SUBTREE_SQL} SELECT m.id FROM subtree s JOIN messages m ON m.id = s.id
       WHERE m.conversation_id = ? ORDER BY m.seq DESC LIMIT 1`,
      active,
      conversationId,
    )
    if (newest) return str(newest, 'id')
  }
  const newest = getRow(
    db,
    'SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1',
    conversationId,
  )
  return newest ? str(newest, 'id') : null
}

/** Shows the branch through `messageId` (its newest continuation); null: the newest message's. */
export function setActiveMessage(
  db: WritableDB,
  conversationId: string,
  messageId: string | null,
): void {
  prepared(db, 'UPDATE conversations SET active_leaf_id = ? WHERE id = ?').run(
    messageId,
    conversationId,
  )
}

/** The sibling queries; exported so the migration tests can check their plans. */
export const SIBLINGS_SQL = {
  children: `SELECT id, parent_id FROM messages
    WHERE parent_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  roots: 'SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY seq',
} as const

/**
 * For the messages given, those with alternatives: each id maps to all its siblings' ids (itself
 * included), oldest first. One query for the children of every parent, one for first messages.
 */
export function siblingsOf(
  db: ReadableDB,
  conversationId: string,
  messages: readonly { id: string; parentId: string | null }[],
): Record<string, string[]> {
  const groups = new Map<string | null, string[]>()
  const parents = [...new Set(messages.map((m) => m.parentId).filter((p) => p !== null))]
  if (parents.length > 0) {
    const rows = allRows(db, SIBLINGS_SQL.children, JSON.stringify(parents))
    for (const row of rows) push(groups, strOrNull(row, 'parent_id'), str(row, 'id'))
  }
  if (messages.some((m) => m.parentId === null)) {
    const roots = allRows(db, SIBLINGS_SQL.roots, conversationId)
    for (const row of roots) push(groups, null, str(row, 'id'))
  }
  const siblings: Record<string, string[]> = {}
  for (const message of messages) {
    const group = groups.get(message.parentId)
    if (group && group.length > 1) siblings[message.id] = group
  }
  return siblings
}

function push(groups: Map<string | null, string[]>, key: string | null, id: string): void {
  const group = groups.get(key)
  if (group) group.push(id)
  else groups.set(key, [id])
}

/** Messages taken out by `deleteMessageTree`, exactly as stored, so `restoreMessageTree` can undo it. */
export interface DeletedMessages {
  conversationId: string
  /** Raw rows (with their insertion order), oldest first. */
  rows: Row[]
  /** The conversation's active message before the delete. */
  activeBefore: string | null
}

/**
 * Deletes a message and everything that followed it (every branch below it), in one transaction
 * held by the caller; the conversation then shows what remains around its parent.
 */
export function deleteMessageTree(db: WritableDB, messageId: string): Result<DeletedMessages> {
  const target = getRow(
    db,
    `SELECT m.conversation_id, m.parent_id, c.active_leaf_id FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     WHERE m.id = ? AND c.deleted_at IS NULL`,
    messageId,
  )
  if (!target) return err('NOT_FOUND', 'That message no longer exists.')
  const conversationId = str(target, 'conversation_id')
  const rows = allRows(
    db,
    `${SUBTREE_SQL} SELECT m.seq, ${prefixed('m')} FROM subtree s JOIN messages m ON m.id = s.id
     ORDER BY m.seq`,
    messageId,
  )
  prepared(db, `${SUBTREE_SQL} DELETE FROM messages WHERE id IN (SELECT id FROM subtree)`).run(
    messageId,
  )
  setActiveMessage(db, conversationId, strOrNull(target, 'parent_id'))
  return ok({ conversationId, rows, activeBefore: strOrNull(target, 'active_leaf_id') })
}

/** Puts deleted messages back exactly as they were (ids, order, branch shown). */
export function restoreMessageTree(db: WritableDB, deleted: DeletedMessages): Result<number> {
  const live = getRow(
    db,
    'SELECT 1 AS x FROM conversations WHERE id = ? AND deleted_at IS NULL',
    deleted.conversationId,
  )
  if (!live)
    return err('NOT_FOUND', 'That conversation no longer exists. It may have been deleted.')
  const parentId = deleted.rows[0]?.['parent_id']
  if (
    typeof parentId === 'string' &&
    !getRow(db, 'SELECT 1 AS x FROM messages WHERE id = ?', parentId)
  ) {
    return err('NOT_FOUND', 'The message these followed was deleted too, so they cannot come back.')
  }
  const columns = `seq, ${MESSAGE_COLUMNS}`
  const names = columns.split(',').map((column) => column.trim())
  const insert = prepared(
    db,
    `INSERT INTO messages (${columns}) VALUES (${names.map(() => '?').join(', ')})`,
  )
  for (const row of deleted.rows) insert.run(...names.map((name) => row[name] ?? null))
  setActiveMessage(db, deleted.conversationId, deleted.activeBefore)
  return ok(deleted.rows.length)
}
