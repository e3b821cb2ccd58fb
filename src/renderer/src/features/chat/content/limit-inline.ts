/**
 * micromark resolves emphasis, strikethrough and link brackets by walking back over every earlier
 * delimiter: a paragraph of 1,000 `_a ` … `a_` pairs took 2 s to parse and 4,000 took 35 s, with the
 * page frozen. A paragraph with more delimiters than any prose needs has them escaped before parsing:
 * a backslash escape renders as the same character, so only emphasis within that paragraph is lost.
 */

/** The most runs of `*`, `_`, `~`, `[` or `]` one paragraph may hold before they are escaped. */
export const MAX_INLINE_DELIMITERS = 200

const DELIMITER_RUN = /[*_~[\]]+/g
const CODE_SPAN = /(`+)[^`]+?\1/g

/**
 * Escapes the delimiters of every paragraph (lines between blank lines) that has more than
 * MAX_INLINE_DELIMITERS runs of them. `isCode(i)` tells which lines are inside fenced code (left
 * alone); `contentStart(line)` where a line's text begins after its quote and list markers.
 */
export function limitInlineDelimiters(
  lines: string[],
  isCode: (index: number) => boolean,
  contentStart: (line: string) => number,
): boolean {
  let changed = false
  let start = 0
  while (start < lines.length) {
    let end = start
    while (end < lines.length && !isBlank(lines[end] as string) && !isCode(end)) end += 1
    if (end > start && countRuns(lines, start, end, contentStart) > MAX_INLINE_DELIMITERS) {
      for (let i = start; i < end; i += 1) lines[i] = escapeLine(lines[i] as string, contentStart)
      changed = true
    }
    start = end + 1
  }
  return changed
}

function isBlank(line: string): boolean {
  return line.trim() === ''
}

function countRuns(
  lines: readonly string[],
  start: number,
  end: number,
  contentStart: (line: string) => number,
): number {
  let runs = 0
  for (let i = start; i < end && runs <= MAX_INLINE_DELIMITERS; i += 1) {
    const line = lines[i] as string
    runs += line.slice(contentStart(line)).match(DELIMITER_RUN)?.length ?? 0
  }
  return runs
}

/** Escapes each delimiter after the line's markers, outside code spans (where `\` would show). */
function escapeLine(line: string, contentStart: (line: string) => number): string {
  const from = contentStart(line)
  const content = line.slice(from)
  let out = ''
  let last = 0
  for (const span of content.matchAll(CODE_SPAN)) {
    out += escapeDelimiters(content.slice(last, span.index)) + span[0]
    last = span.index + span[0].length
  }
  return line.slice(0, from) + out + escapeDelimiters(content.slice(last))
}

function escapeDelimiters(text: string): string {
  return text.replace(/[*_~[\]]/g, '\\$&')
}
