import {
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
} from '../../../shared/contract/schemas/conversations'

/** What to highlight: whole words, and the words the last one may be the start of. */
export interface HighlightTerms {
  words: ReadonlySet<string>
  prefixes: readonly string[]
}

// The same word characters as FTS5's unicode61 tokenizer: letters, numbers (and marks within them).
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu

/** Folds a word the way the index does (`remove_diacritics 2`, case-insensitive). */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * The words of what the user typed, folded like the index folds them; the last one is also a
 * prefix while the user is still typing it (as in `toFtsQuery`).
 */
export function highlightTerms(input: string): HighlightTerms {
  const words = [...input.matchAll(WORD)].map((match) => foldWord(match[0]))
  const stillTyping = !/\s$/u.test(input)
  const last = words.at(-1)
  return {
    words: new Set(words),
    prefixes: stillTyping && last !== undefined ? [last] : [],
  }
}

/** A word longer than this shows its start and `…` (issue 10: pasted base64, minified code). */
const MAX_SNIPPET_WORD = 40
/** A whole snippet stays under this many characters, marks and cut marks included. */
export const MAX_SNIPPET_CHARS = 300
/** Spaces and punctuation between two words longer than this are cut too. */
const MAX_GAP = 20
/**
 * Only a word's start is folded to decide whether it is a hit: a query term is at most 500
 * characters, so a longer word can only match as a prefix, and folding all of a 100,000-character
 * word for each search is waste.
 */
const MAX_FOLDED = 512

function isHit(word: string, terms: HighlightTerms): boolean {
  const folded = foldWord(word.length > MAX_FOLDED ? word.slice(0, MAX_FOLDED) : word)
  if (word.length <= MAX_FOLDED && terms.words.has(folded)) return true
  return terms.prefixes.some((prefix) => folded.startsWith(prefix))
}

/** `text`, or its first `max` characters and `…`, never splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\uD800-\uDBFF]/u.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}…`
}

/**
 * A snippet like FTS5's `snippet()`: the window of `tokens` words with the most hits, hits between
 * the snippet marks, `…` where text was cut. Made in JS so only the shown results pay for it
 * (FTS5 would build one for every ranked candidate before the sort). Bounded whatever the text:
 * each word and gap is clipped and the snippet stops before MAX_SNIPPET_CHARS; a long text is
 * split into words only around its first hit (see `regionToScan`), so the cost does not grow with it.
 */
export function makeSnippet(fullText: string, terms: HighlightTerms, tokens: number): string {
  const { text, cutBefore, cutAfter } = regionToScan(fullText, terms)
  const words = [...text.matchAll(WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    hit: isHit(match[0], terms),
  }))
  if (words.length === 0) return clip(text.slice(0, MAX_SNIPPET_CHARS), 200)
  const best = bestWindow(words, tokens)
  const window = words.slice(best, best + tokens)
  const first = window[0]
  if (first === undefined) return ''
  let out = best > 0 || cutBefore ? '…' : clip(text.slice(0, first.start), MAX_GAP)
  let at = first.start
  let shown = 0
  for (const word of window) {
    const gap = clip(text.slice(at, Math.min(word.start, at + MAX_GAP + 1)), MAX_GAP)
    const chunk = clip(
      text.slice(word.start, Math.min(word.end, word.start + MAX_SNIPPET_WORD + 1)),
      MAX_SNIPPET_WORD,
    )
    const piece = word.hit
      ? `${gap}${SNIPPET_MARK_START}${chunk}${SNIPPET_MARK_END}`
      : `${gap}${chunk}`
    // Keep room for the trailing cut mark; the first word always shows.
    if (shown > 0 && out.length + piece.length + 1 > MAX_SNIPPET_CHARS) return `${out}…`
    out += piece
    at = word.end
    shown++
  }
  // Keep trailing punctuation of the last word, as FTS5 does, then mark the cut.
  const rest = text.slice(at, at + MAX_GAP + 1)
  const trailing = /^[^\p{L}\p{N}\s]*/u.exec(rest)?.[0] ?? ''
  if (best + tokens < words.length || cutAfter) return `${out}${trailing.slice(0, MAX_GAP)}…`
  return `${out}${clip(text.slice(at, at + MAX_GAP + 1), MAX_GAP)}`
}

/** Texts up to this long are split into words whole; longer ones only around their first hit. */
const SCAN_CHARS = 8_000

/**
 * The part of a text worth splitting into words. Splitting runs a Unicode regex over every
 * character, about 3 ms per 100,000 (issue 10: 50 pasted 100,000-character words made one search
 * take seconds). A short text is used whole, as before; a long one from a little before the first
 * place a query word appears (found with a lower-cased `indexOf`, which misses only accent
 * differences: then the text's start is used).
 */
function regionToScan(
  text: string,
  terms: HighlightTerms,
): { text: string; cutBefore: boolean; cutAfter: boolean } {
  if (text.length <= SCAN_CHARS) return { text, cutBefore: false, cutAfter: false }
  const lower = text.toLowerCase()
  let first = -1
  for (const term of [...terms.words, ...terms.prefixes]) {
    const at = term === '' ? -1 : lower.indexOf(term)
    if (at !== -1 && (first === -1 || at < first)) first = at
  }
  const start = first <= SCAN_CHARS / 8 ? 0 : first - SCAN_CHARS / 8
  const end = Math.min(text.length, start + SCAN_CHARS)
  return { text: text.slice(start, end), cutBefore: start > 0, cutAfter: end < text.length }
}

/** The start of the window of `tokens` words with the most hits, a little before its first hit. */
function bestWindow(words: readonly { hit: boolean }[], tokens: number): number {
  // Prefix sums of hits: each window is counted in constant time, so the whole pass is linear.
  const before = [0]
  for (const word of words) before.push((before.at(-1) ?? 0) + (word.hit ? 1 : 0))
  let best = 0
  let bestHits = -1
  for (let i = 0; i < words.length; i++) {
    if (!words[i]?.hit) continue
    // Start a little before the hit, so it has context on the left too.
    const start = Math.max(0, Math.min(i - 2, words.length - tokens))
    const end = Math.min(words.length, start + tokens)
    const hits = (before[end] ?? 0) - (before[start] ?? 0)
    if (hits > bestHits) {
      best = start
      bestHits = hits
    }
  }
  return best
}
