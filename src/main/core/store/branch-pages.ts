import type { MessagePage, StoredMessage } from '../../../shared/contract/schemas/conversations'
import { err, ok, type Result } from '../../../shared/contract/result'
import { branchLeaf } from './branches'
import {
  DEFAULT_PAGE_SIZE,
  MESSAGE_COLUMNS,
  messageFromRow,
  pageCursor,
  pageOfNewest,
  pageWithCursors,
  THREAD_UPWARDS_CTE,
  threadUpwards,
} from './messages'
import { allRows, getRow, str, strOrNull, type ReadableDB } from './sql'

// Pages of the branch a conversation shows (see branches.ts): the newest, the one older than a
// message, the one newer than a message, or one around a message (a search hit). A branch is a
// chain of parent links, so newer messages are found by walking up from the branch's last message
// to the cursor: ids only, one indexed lookup each.

/** Which page of the shown branch; at most one cursor. */
export interface BranchPageOptions {
  limit?: number
  before?: string | null
  after?: string | null
  around?: string | null
}

const NOT_ON_BRANCH = 'That message is not in the part of the conversation shown.'

/** The ids from `leafId` up to `stopAt` (included) or to the first message, newest first. */
function branchIdsUpTo(db: ReadableDB, leafId: string, stopAt: string | null): string[] {
  return allRows(
    db,
    `${THREAD_UPWARDS_CTE} SELECT id FROM thread ORDER BY depth`,
    leafId,
    Number.MAX_SAFE_INTEGER,
    stopAt,
  ).map((row) => str(row, 'id'))
}

/** Whether `messageId` is on the branch the conversation shows. */
export function isOnShownBranch(
  db: ReadableDB,
  conversationId: string,
  messageId: string,
): boolean {
  const leaf = branchLeaf(db, conversationId)
  return leaf !== null && branchIdsUpTo(db, leaf, messageId).at(-1) === messageId
}

/**
 * A page of the shown branch, oldest first. Each page costs its own `limit` lookups, plus, for a
 * page after or around a message, one id lookup per message between it and the branch's end.
 */
export function branchPage(
  db: ReadableDB,
  conversationId: string,
  options: BranchPageOptions = {},
): Result<MessagePage> {
  const limit = Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE)
  const cursorId = options.after || options.around
  if (cursorId) {
    const newer = newerThan(db, conversationId, cursorId)
    if (!newer.ok) return newer
    return ok(
      options.after
        ? pageAfter(db, newer.value, cursorId, limit)
        : pageAround(db, newer.value, cursorId, limit),
    )
  }
  let start: string | null
  if (options.before) {
    const cursor = pageCursor(db, conversationId, options.before)
    if (!cursor.ok) return cursor
    start = strOrNull(cursor.value, 'parent_id')
  } else {
    start = branchLeaf(db, conversationId)
  }
  if (start === null) return ok(emptyPage(options.before ?? null))
  // One extra message tells whether an older page exists.
  return ok(pageOfNewest(threadUpwards(db, start, limit + 1), limit, Boolean(options.before)))
}

/** The messages just newer than `after` (`newer`: the ids after it), oldest first. */
function pageAfter(db: ReadableDB, newer: string[], after: string, limit: number): MessagePage {
  const messages = messagesByIds(db, newer.slice(0, limit))
  // Older messages always exist: at least `after` itself.
  return {
    ...pageWithCursors(messages, true, newer.length > limit),
    before: messages[0]?.id ?? after,
  }
}

/**
 * A page with `around` in it: about half older than it, the rest newer (more of one side when the
 * other runs out); `newer` holds the ids after it on the shown branch.
 */
function pageAround(db: ReadableDB, newer: string[], around: string, limit: number): MessagePage {
  // Newest first, `around` included, one beyond the limit to tell whether older ones exist.
  const older = threadUpwards(db, around, limit + 1)
  const takeNewer = Math.min(newer.length, limit - Math.min(older.length, Math.ceil(limit / 2)))
  const takeOlder = Math.min(older.length, limit - takeNewer)
  const messages = [
    ...older.slice(0, takeOlder).reverse(),
    ...messagesByIds(db, newer.slice(0, takeNewer)),
  ]
  return pageWithCursors(messages, older.length > takeOlder, newer.length > takeNewer)
}

/** The ids after `messageId` on the shown branch, oldest first; an error when it is not on it. */
function newerThan(db: ReadableDB, conversationId: string, messageId: string): Result<string[]> {
  const cursor = getRow(
    db,
    'SELECT 1 AS x FROM messages WHERE id = ? AND conversation_id = ?',
    messageId,
    conversationId,
  )
  if (!cursor) return err('NOT_FOUND', 'That part of the conversation no longer exists.')
  const leaf = branchLeaf(db, conversationId)
  const ids = leaf === null ? [] : branchIdsUpTo(db, leaf, messageId)
  if (ids.at(-1) !== messageId) return err('NOT_FOUND', NOT_ON_BRANCH)
  return ok(ids.slice(0, -1).reverse())
}

/** Full messages for `ids`, in that order. */
function messagesByIds(db: ReadableDB, ids: readonly string[]): StoredMessage[] {
  if (ids.length === 0) return []
  const rows = allRows(
    db,
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  )
  const byId = new Map(rows.map((row) => [str(row, 'id'), messageFromRow(row)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** No messages; `after` is the cursor for what follows (the first message, for a page before it). */
function emptyPage(after: string | null): MessagePage {
  return { messages: [], hasMore: false, before: null, hasNewer: after !== null, after }
}
