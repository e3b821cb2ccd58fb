import {
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
} from '../../../../shared/contract/schemas/conversations'

/** One piece of a snippet: plain text, or a hit to mark. */
export interface SnippetPart {
  text: string
  mark: boolean
}

/** Splits a search snippet on its STX/ETX markers; the text is never parsed as HTML. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  let mark = false
  let text = ''
  const flush = () => {
    if (text !== '') parts.push({ text, mark })
    text = ''
  }
  for (const char of snippet) {
    if (char === SNIPPET_MARK_START) {
      flush()
      mark = true
    } else if (char === SNIPPET_MARK_END) {
      flush()
      mark = false
    } else {
      text += char
    }
  }
  flush()
  return parts
}

/** A snippet with its hits in `<mark>` elements, as React text nodes (so markup stays text). */
export function Snippet({ text }: { text: string }) {
  return (
    <span className="search-snippet">
      {splitSnippet(text).map((part, index) =>
        part.mark ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </span>
  )
}
