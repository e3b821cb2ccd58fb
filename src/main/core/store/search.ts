import {
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
  type SearchHit,
} from '../../../shared/contract/schemas/conversations'
import { makeSnippet, highlightTerms } from './snippet'
import { allRows, num, prepared, str, type ReadableDB, type Row } from './sql'

/** Words of context on each side of a hit in a snippet. */
const SNIPPET_TOKENS = 12
const MAX_TERMS = 16
/** The most hits one query answers (the contract's limit): with snippets capped, a bounded reply. */
const MAX_HITS = 200
/**
 * Only the newest this-many matching messages are ranked. bm25 scores every candidate, so a
 * common word in a 100,000-message history cost ~50 ms; capped, a few ms. In a chat history the
 * newest matches are the likely ones, and a more specific query reaches older ones.
 */
const RANKED_CANDIDATES = 2000

/**
 * Turns what the user typed into a safe FTS5 query: every term is quoted (so `"`, `*`, `:`, `(`,
 * `-`, AND/OR/NOT/NEAR are plain text, never syntax), terms must all match, and the last term
 * matches as a prefix while the user is still typing it. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const terms = withoutControls(input)
    .split(/\s+/u)
    // A term with no letter or digit tokenizes to nothing; FTS5 would reject the empty phrase.
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_TERMS)
    .map((term) => `"${term.replaceAll('"', '""')}"`)
  if (terms.length === 0) return null
  const stillTyping = !/\s$/u.test(withoutControls(input))
  const last = terms.length - 1
  return terms.map((term, i) => (i === last && stillTyping ? `${term} *` : term)).join(' ')
}

// The newest candidates with their bm25 score, and nothing else: FTS5 walks the doclist
// newest-first and stops at ?2. A prefix term makes FTS5 merge every matching term's doclist each
// time the MATCH runs, so the query runs it once (no floor subquery), and snippets are not built
// here: SQLite would build one for every candidate before the sort. ?1 match, ?2 candidates.
const CANDIDATES_SQL = `
  SELECT rowid AS seq, bm25(messages_fts) AS rank
  FROM messages_fts WHERE messages_fts MATCH ?1
  ORDER BY rowid DESC LIMIT ?2`

// One shown hit: its ids, title and text, unless its conversation is deleted.
const MESSAGE_HIT_SQL = `
  SELECT m.conversation_id AS conversation_id, m.id AS message_id, c.title AS title, m.text AS text
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.seq = ? AND c.deleted_at IS NULL`

const TITLE_HITS_SQL = `
  SELECT c.id AS conversation_id, NULL AS message_id, c.title AS title,
         highlight(conversations_fts, 0, ?, ?) AS snippet, rank
  FROM conversations_fts
  JOIN conversations c ON c.seq = conversations_fts.rowid
  WHERE conversations_fts MATCH ? AND c.deleted_at IS NULL
  ORDER BY rank LIMIT ?`

/** The SQL of the searches, for the query-plan tests. */
export const SEARCH_SQL = {
  candidates: CANDIDATES_SQL,
  message: MESSAGE_HIT_SQL,
  titles: TITLE_HITS_SQL,
} as const

interface Ranked {
  rank: number
  hit: () => SearchHit | null
}

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
  const limit = Math.max(1, Math.min(options.limit ?? 50, MAX_HITS))
  const terms = highlightTerms(query)
  const titles: Ranked[] = allRows(
    db,
    TITLE_HITS_SQL,
    SNIPPET_MARK_START,
    SNIPPET_MARK_END,
    match,
    limit,
  ).map((row) => ({
    rank: num(row, 'rank') * 1.5,
    hit: () => ({
      conversationId: str(row, 'conversation_id'),
      messageId: null,
      conversationTitle: str(row, 'title'),
      snippet: cleanSnippet(str(row, 'snippet')),
    }),
  }))
  const messageHit = prepared(db, MESSAGE_HIT_SQL)
  const messages: Ranked[] = allRows(db, CANDIDATES_SQL, match, RANKED_CANDIDATES).map((row) => ({
    rank: num(row, 'rank'),
    hit: () => {
      // Read only for the hits shown; a message of a deleted conversation is skipped.
      const found = messageHit.get(num(row, 'seq')) as Row | undefined
      if (found === undefined) return null
      return {
        conversationId: str(found, 'conversation_id'),
        messageId: str(found, 'message_id'),
        conversationTitle: str(found, 'title'),
        snippet: cleanSnippet(makeSnippet(str(found, 'text'), terms, SNIPPET_TOKENS)),
      }
    },
  }))
  // bm25 is negative: lower is better.
  const ranked = [...titles, ...messages].sort((a, b) => a.rank - b.rank)
  const hits: SearchHit[] = []
  for (const candidate of ranked) {
    if (hits.length === limit) break
    const hit = candidate.hit()
    if (hit !== null) hits.push(hit)
  }
  return hits
}

/**
 * Control characters (NUL above all) are never part of a word FTS5 indexes, and SQLite's FTS5 query
 * parser treats NUL as the end of the query (issue 10: INTERNAL): they separate terms like spaces.
 */
function withoutControls(input: string): string {
  return input.replace(/\p{Cc}/gu, ' ')
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
