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

function isHit(word: string, terms: HighlightTerms): boolean {
  const folded = foldWord(word)
  return terms.words.has(folded) || terms.prefixes.some((prefix) => folded.startsWith(prefix))
}

/**
 * A snippet like FTS5's `snippet()`: the window of `tokens` words with the most hits, hits between
 * the snippet marks, `…` where text was cut. Made in JS so only the shown results pay for it
 * (FTS5 would build one for every ranked candidate before the sort).
 */
export function makeSnippet(text: string, terms: HighlightTerms, tokens: number): string {
  const words = [...text.matchAll(WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    hit: isHit(match[0], terms),
  }))
  if (words.length === 0) return text.slice(0, 200)
  let best = 0
  let bestHits = -1
  for (let i = 0; i < words.length; i++) {
    if (!words[i]?.hit) continue
    // Start a little before the hit, so it has context on the left too.
    const start = Math.max(0, Math.min(i - 2, words.length - tokens))
    let hits = 0
    for (let j = start; j < Math.min(words.length, start + tokens); j++) if (words[j]?.hit) hits++
    if (hits > bestHits) {
      best = start
      bestHits = hits
    }
  }
  const window = words.slice(best, best + tokens)
  const first = window[0]
  const last = window.at(-1)
  if (first === undefined || last === undefined) return ''
  let out = best > 0 ? '…' : text.slice(0, first.start)
  let at = first.start
  for (const word of window) {
    out += text.slice(at, word.start)
    const chunk = text.slice(word.start, word.end)
    out += word.hit ? `${SNIPPET_MARK_START}${chunk}${SNIPPET_MARK_END}` : chunk
    at = word.end
  }
  // Keep trailing punctuation of the last word, as FTS5 does, then mark the cut.
  const rest = text.slice(at)
  const trailing = /^[^\p{L}\p{N}\s]*/u.exec(rest)?.[0] ?? ''
  out += trailing
  if (best + tokens < words.length) out += '…'
  else out += rest.slice(trailing.length)
  return out
}
