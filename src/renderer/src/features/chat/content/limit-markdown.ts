import { limitInlineDelimiters } from './limit-inline'

/**
 * Markdown nesting is limited before parsing (issue 10): the parser, the tree converters and React
 * all recurse once per level, and 4,000 nested `>` overflowed the stack and unmounted the window.
 * Past the limits below a line's extra quote and list markers are dropped (its text is kept, one
 * level deeper than the limit at most) and its indentation is cut, so no line opens more levels.
 */

/** The most block containers (quotes and list items) one line may open. */
export const MAX_CONTAINER_DEPTH = 16

/**
 * The most columns of indentation kept before a line's content. Nested lists can be built from
 * indentation alone (two columns a level), so this bounds that depth too.
 */
export const MAX_INDENT_COLUMNS = 64

const TAB_COLUMNS = 4

interface Prefix {
  /** Index of the character after the last container marker (and its one following space). */
  end: number
  /** Index just after the MAX_CONTAINER_DEPTH-th marker, or -1 where there are fewer. */
  keepEnd: number
  markers: number
  /** Largest run of indentation before or between markers, in columns. */
  widestIndent: number
}

/** Reads the quote and list markers a line starts with; stops at the first other character. */
function readPrefix(line: string): Prefix {
  let index = 0
  let markers = 0
  let keepEnd = -1
  let widestIndent = 0
  for (;;) {
    let columns = 0
    while (line[index] === ' ' || line[index] === '\t') {
      columns += line[index] === '\t' ? TAB_COLUMNS : 1
      index += 1
    }
    widestIndent = Math.max(widestIndent, columns)
    const markerEnd = markerEndAt(line, index)
    if (markerEnd < 0) return { end: index, keepEnd, markers, widestIndent }
    markers += 1
    index = markerEnd
    if (markers === MAX_CONTAINER_DEPTH) keepEnd = index
  }
}

/** Where the quote or list marker at `index` ends (after one space), or -1 if there is none. */
function markerEndAt(line: string, index: number): number {
  const char = line[index]
  if (char === '>') return line[index + 1] === ' ' ? index + 2 : index + 1
  if (char === '-' || char === '*' || char === '+') return spaceAfter(line, index + 1)
  let digits = index
  while (digits - index < 9 && isDigit(line[digits])) digits += 1
  if (digits === index || (line[digits] !== '.' && line[digits] !== ')')) return -1
  return spaceAfter(line, digits + 1)
}

function spaceAfter(line: string, index: number): number {
  return line[index] === ' ' || line[index] === '\t' ? index + 1 : -1
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9'
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * Returns `text` bounded for the Markdown parser: every line's nesting within MAX_CONTAINER_DEPTH
 * and MAX_INDENT_COLUMNS, and no paragraph with more inline delimiters than limitInlineDelimiters
 * allows. Lines inside a top-level fenced code block are code, not Markdown, and stay as written.
 * Linear in the length of the text; text within the limits comes back unchanged (the same string).
 */
export function limitMarkdown(text: string): string {
  const lines = text.split('\n')
  const code = new Set<number>()
  let fence: string | null = null
  let changed = false
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string
    const opener = FENCE.exec(line)?.[1]
    if (fence !== null) {
      code.add(i)
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length)
        fence = null
      continue
    }
    if (opener !== undefined) {
      code.add(i)
      fence = opener
      continue
    }
    const limited = limitLine(line)
    if (limited !== line) {
      lines[i] = limited
      changed = true
    }
  }
  if (
    limitInlineDelimiters(
      lines,
      (i) => code.has(i),
      (line) => readPrefix(line).end,
    )
  )
    changed = true
  return changed ? lines.join('\n') : text
}

function limitLine(line: string): string {
  const prefix = readPrefix(line)
  if (prefix.markers <= MAX_CONTAINER_DEPTH && prefix.widestIndent <= MAX_INDENT_COLUMNS)
    return line
  const kept = prefix.keepEnd >= 0 ? line.slice(0, prefix.keepEnd) : line.slice(0, prefix.end)
  const rest = line.slice(prefix.end)
  return capIndentation(kept) + rest.trimStart()
}

/** Shortens every run of spaces and tabs in a line's container prefix to MAX_INDENT_COLUMNS. */
function capIndentation(prefix: string): string {
  return prefix.replace(/[ \t]+/g, (run) =>
    columnsOf(run) > MAX_INDENT_COLUMNS ? ' '.repeat(MAX_INDENT_COLUMNS) : run,
  )
}

function columnsOf(run: string): number {
  let columns = 0
  for (const char of run) columns += char === '\t' ? TAB_COLUMNS : 1
  return columns
}
