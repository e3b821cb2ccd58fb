/**
 * Splits Markdown at blank lines into top-level blocks, never inside a fenced code block (``` or
 * ~~~) or a display-math block ($$). While a reply streams, every block but the last is finished:
 * each renders once and only the last one is parsed again as tokens arrive, so a frame costs the
 * same at the 2,000th token as at the 20th. (Reference-style links and loose lists may render
 * split until the reply ends; the finished reply is rendered whole.)
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = []
  let current: string[] = []
  let fence: string | null = null
  let inMath = false
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (fence !== null) {
      if (trimmed.startsWith(fence)) fence = null
    } else if (inMath) {
      if (trimmed.endsWith('$$')) inMath = false
    } else {
      const opening = /^(`{3,}|~{3,})/.exec(trimmed)
      if (opening) fence = opening[1] ?? null
      else if (trimmed.startsWith('$$') && !(trimmed.length > 2 && trimmed.endsWith('$$')))
        inMath = true
      else if (trimmed === '' && current.length > 0) {
        blocks.push(current.join('\n'))
        current = []
        continue
      }
    }
    if (trimmed !== '' || current.length > 0) current.push(line)
  }
  if (current.length > 0) blocks.push(current.join('\n'))
  return blocks
}
