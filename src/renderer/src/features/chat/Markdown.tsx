import { memo, useMemo } from 'react'
import ReactMarkdown from 'react-markdown'
import { limitMarkdown } from './content/limit-markdown'
import {
  CompleteBeforeContext,
  markdownComponents,
  urlTransform,
} from './content/markdown-components'
import { rehypePlugins, remarkPluginsFor } from './content/markdown-pipeline'

export { safeHref } from './content/markdown-components'

/** Model output to render, and whether it is still streaming. */
export interface MarkdownProps {
  text: string
  /** While true, the last code block may still be missing its closing fence. */
  streaming?: boolean
}

/**
 * Renders model output as GitHub-flavoured Markdown with math: raw HTML is shown as text
 * (rehype-raw is never used), a sanitiser runs on the tree before and after KaTeX, links are
 * http(s) only and open in the browser, images show their alt text, code blocks are highlighted
 * once complete. Nesting and inline delimiters are bounded before parsing (limitMarkdown).
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: MarkdownProps) {
  const limited = useMemo(() => limitMarkdown(text), [text])
  const remarkPlugins = useMemo(() => remarkPluginsFor(limited), [limited])
  const completeBefore = streaming ? limited.trimEnd().length : null
  return (
    <div className="markdown">
      <CompleteBeforeContext value={completeBefore}>
        <ReactMarkdown
          remarkPlugins={remarkPlugins}
          rehypePlugins={rehypePlugins}
          urlTransform={urlTransform}
          components={markdownComponents}
        >
          {limited}
        </ReactMarkdown>
      </CompleteBeforeContext>
    </div>
  )
})
