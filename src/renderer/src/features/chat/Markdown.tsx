import { memo } from 'react'
import ReactMarkdown, { type Components, type UrlTransform } from 'react-markdown'
import rehypeSanitize from 'rehype-sanitize'

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
const urlTransform: UrlTransform = (url, key) => (key === 'href' ? safeHref(url) : null)

const components: Components = {
  a({ href, children }) {
    if (!href) return <span className="md-dead-link">{children}</span>
    // Electron's window-open handler sends target=_blank links to the system browser.
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    )
  },
  img({ alt }) {
    return alt ? <span className="md-image-alt">[{alt}]</span> : null
  },
}

interface TreeNode {
  type: string
  value?: unknown
  children?: TreeNode[]
}

/**
 * Raw HTML in model output becomes visible text ("use a <span> here" keeps its `<span>`). Without
 * this the sanitiser would delete it, and words would silently vanish from the reply. Text nodes
 * are escaped by React, so nothing in them can become an element.
 */
export function rehypeRawAsText() {
  return (tree: TreeNode): void => {
    const walk = (node: TreeNode): void => {
      if (!node.children) return
      node.children = node.children.map((child) =>
        child.type === 'raw' ? { type: 'text', value: String(child.value ?? '') } : child,
      )
      for (const child of node.children) walk(child)
    }
    walk(tree)
  }
}

// Order matters: raw HTML is turned into text first, then the sanitiser sees only ordinary nodes.
const rehypePlugins = [rehypeRawAsText, rehypeSanitize]

/**
 * Renders model output as Markdown: raw HTML is shown as text (rehype-raw is never used), the
 * GitHub sanitiser schema runs on the tree, links are http(s) only and open in the browser, images
 * show their alt text.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        rehypePlugins={rehypePlugins}
        urlTransform={urlTransform}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  )
})
