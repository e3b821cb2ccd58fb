import {
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
  type SearchHit,
} from '../../../shared/contract/schemas/conversations'
import { allRows, num, str, strOrNull, type ReadableDB } from './sql'

/** Words of context on each side of a hit in a snippet. */
const SNIPPET_TOKENS = 12
const MAX_TERMS = 16
/**
 * Only the newest this-many matching messages are ranked. bm25 scores every candidate, so a
 * common word in a 100,000-message history cost ~50 ms; capped, ~5 ms. In a chat history the
 * newest matches are the likely ones, and a more specific query reaches older ones.
 */
export const RANKED_CANDIDATES = 2000

/**
 * Turns what the user typed into a safe FTS5 query: every term is quoted (so `"`, `*`, `:`, `(`,
 * `-`, AND/OR/NOT/NEAR are plain text, never syntax), terms must all match, and the last term
 * matches as a prefix while the user is still typing it. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const terms = input
    .split(/\s+/u)
    // A term with no letter or digit tokenizes to nothing; FTS5 would reject the empty phrase.
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_TERMS)
    .map((term) => `"${term.replaceAll('"', '""')}"`)
  if (terms.length === 0) return null
  const stillTyping = !/\s$/u.test(input)
  const last = terms.length - 1
  return terms.map((term, i) => (i === last && stillTyping ? `${term} *` : term)).join(' ')
}

// The rowid floor comes from walking the doclist newest-first (cheap); FTS5 then scores only rows
// above it. ?1 match, ?2/?3 markers, ?4 limit, ?5 candidates.
const MESSAGE_HITS_SQL = `
  SELECT m.conversation_id AS conversation_id, m.id AS message_id, c.title AS title,
         snippet(messages_fts, 0, ?2, ?3, '…', ${SNIPPET_TOKENS}) AS snippet, rank
  FROM messages_fts
  JOIN messages m ON m.seq = messages_fts.rowid
  JOIN conversations c ON c.id = m.conversation_id
  WHERE messages_fts MATCH ?1 AND c.deleted_at IS NULL
    AND messages_fts.rowid >= (SELECT coalesce(min(rowid), 0) FROM (
      SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?5))
  ORDER BY rank LIMIT ?4`

const TITLE_HITS_SQL = `
  SELECT c.id AS conversation_id, NULL AS message_id, c.title AS title,
         highlight(conversations_fts, 0, ?, ?) AS snippet, rank
  FROM conversations_fts
  JOIN conversations c ON c.seq = conversations_fts.rowid
  WHERE conversations_fts MATCH ? AND c.deleted_at IS NULL
  ORDER BY rank LIMIT ?`

/** The SQL of the two searches, for the query-plan tests. */
export const SEARCH_SQL = { messages: MESSAGE_HITS_SQL, titles: TITLE_HITS_SQL } as const

/**
 * Full-text search over titles and message text, best first by bm25. Title hits and message hits
 * are ranked together (a title hit gets a small boost: it names the whole conversation). Any text
 * is accepted: see `toFtsQuery`.
 */
export function searchHistory(
  db: ReadableDB,
  query: string,
  options: { limit?: number } = {},
): SearchHit[] {
  const match = toFtsQuery(query)
  if (match === null) return []
  const limit = Math.max(1, Math.min(options.limit ?? 50, 500))
  const marks = [SNIPPET_MARK_START, SNIPPET_MARK_END] as const
  const rows = [
    ...allRows(db, TITLE_HITS_SQL, ...marks, match, limit).map((row) => ({
      row,
      rank: num(row, 'rank') * 1.5,
    })),
    ...allRows(db, MESSAGE_HITS_SQL, match, ...marks, limit, RANKED_CANDIDATES).map((row) => ({
      row,
      rank: num(row, 'rank'),
    })),
  ]
  // bm25 is negative: lower is better.
  rows.sort((a, b) => a.rank - b.rank)
  return rows.slice(0, limit).map(({ row }) => ({
    conversationId: str(row, 'conversation_id'),
    messageId: strOrNull(row, 'message_id'),
    conversationTitle: str(row, 'title'),
    snippet: cleanSnippet(str(row, 'snippet')),
  }))
}

/**
 * Keeps the markers balanced (start, end, start, end…) even if the stored text itself contains
 * STX/ETX, so the renderer's split never sees a nested or unclosed mark.
 */
function cleanSnippet(snippet: string): string {
  let open = false
  let out = ''
  for (const char of snippet) {
    if (char === SNIPPET_MARK_START) {
      if (!open) out += char
      open = true
    } else if (char === SNIPPET_MARK_END) {
      if (open) out += char
      open = false
    } else out += char
  }
  return open ? `${out}${SNIPPET_MARK_END}` : out
}
