import { createContext, useContext, type ReactNode } from 'react'
import type { Components, UrlTransform } from 'react-markdown'
import { CodeBlock } from './CodeBlock'

/**
 * Only absolute http(s) links survive; everything else (javascript:, data:, vbscript:, file:,
 * relative paths that would resolve against the app's own origin) loses its URL.
 */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

// Images are never loaded (a model's image URL could leak that the user read the reply), so their
// URL is dropped here as well as in the img component.
export const urlTransform: UrlTransform = (url, key) => (key === 'href' ? safeHref(url) : null)

interface HastNode {
  type: string
  tagName?: string
  value?: string
  properties?: Record<string, unknown>
  children?: HastNode[]
  position?: { end?: { offset?: number } }
}

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? ''
  return (node.children ?? []).map(textOf).join('')
}

function languageOf(code: HastNode): string {
  const classes = code.properties?.['className']
  const names = Array.isArray(classes) ? classes.map(String) : []
  return names.find((name) => name.startsWith('language-'))?.slice('language-'.length) ?? ''
}

/**
 * The offset up to which a reply's text is final: a code block that ends before it has its closing
 * fence. Null once the reply has ended: every block is complete. A context, not a prop, so the components below keep one identity
 * and a streamed delta never remounts a code block.
 */
export const CompleteBeforeContext = createContext<number | null>(null)

function MarkdownCodeBlock({
  node,
  children,
}: {
  node: HastNode | undefined
  children: ReactNode
}) {
  const completeBefore = useContext(CompleteBeforeContext)
  const code = node?.children?.find((child) => child.type === 'element' && child.tagName === 'code')
  if (!node || !code) return <pre>{children}</pre>
  const end = node.position?.end?.offset
  const complete = completeBefore === null || (end !== undefined && end < completeBefore)
  return (
    <CodeBlock
      code={textOf(code).replace(/\n$/, '')}
      language={languageOf(code)}
      complete={complete}
    />
  )
}

/** The element renderers for replies. */
export const markdownComponents: Components = {
  a({ href, children }) {
    if (!href) return <span className="md-dead-link">{children}</span>
    // Electron's window-open handler sends target=_blank links to the system browser; a browser
    // tab (headless) opens a new tab that cannot reach back to Hearth's page.
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    )
  },
  img({ alt }) {
    return alt ? <span className="md-image-alt">[{alt}]</span> : null
  },
  pre({ node, children }) {
    return <MarkdownCodeBlock node={node}>{children}</MarkdownCodeBlock>
  },
}
