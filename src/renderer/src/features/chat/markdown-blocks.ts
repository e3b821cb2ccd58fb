// Markdown split into top-level blocks that render the same one by one as together, so a reply is
// drawn as one memoised Markdown per block: while it streams, a new token re-parses only the last
// block (the frame costs the same at the 2,000th token as at the 20th), and when it ends nothing
// is parsed again.

const FENCE = /^(`{3,}|~{3,})/
const LIST_ITEM = /^\s*([-*+]|\d{1,9}[.)])\s/
// Reference-style link and footnote definitions reach across blocks: such a text stays whole.
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m

/**
 * Splits at blank lines, except inside a fenced code block (``` or ~~~) or display math ($$),
 * between the items of a list (a loose list stays one list) and before indented lines (a list
 * item's or an indented code block's continuation). A text with link or footnote definitions is
 * one block.
 */
export function markdownBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text]
  const lines = text.split('\n')
  const blocks: string[] = []
  let current: string[] = []
  let fence: string | null = null
  let inMath = false
  let inList = false
  lines.forEach((line, index) => {
    const trimmed = line.trim()
    if (fence !== null) {
      if (trimmed.startsWith(fence)) fence = null
    } else if (inMath) {
      if (trimmed.endsWith('$$')) inMath = false
    } else {
      const opening = FENCE.exec(trimmed)
      if (opening) fence = opening[1] ?? null
      else if (trimmed.startsWith('$$') && !(trimmed.length > 2 && trimmed.endsWith('$$')))
        inMath = true
      else if (LIST_ITEM.test(line)) inList = true
      else if (trimmed === '' && current.length > 0 && endsBlock(lines, index, inList)) {
        blocks.push(current.join('\n'))
        current = []
        inList = false
        return
      }
    }
    if (trimmed !== '' || current.length > 0) current.push(line)
  })
  if (current.length > 0) blocks.push(current.join('\n'))
  return blocks
}

/** Whether the blank line at `index` ends a block: what follows neither continues nor extends it. */
function endsBlock(lines: readonly string[], index: number, inList: boolean): boolean {
  const next = lines.slice(index + 1).find((line) => line.trim() !== '')
  if (next === undefined) return false
  if (/^( {4}|\t)/.test(next)) return false
  // In a list, an indented line continues the item and a new marker adds an item.
  return !(inList && (/^\s/.test(next) || LIST_ITEM.test(next)))
}
