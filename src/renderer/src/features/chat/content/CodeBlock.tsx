import { useEffect, useState, type CSSProperties } from 'react'
import type { ThemedToken } from 'shiki/core'
import { copyText } from '../copy-text'
import { cachedTokens, highlightCode } from './highlighter'

const COPIED_MS = 2_000

/**
 * A fenced code block: its language, a copy button, and the code. It is plain text while it streams
 * and is highlighted once complete, asynchronously (shiki and the language load on first use), so a
 * streaming frame never waits for a highlighter.
 */
export function CodeBlock({
  code,
  language,
  complete,
}: {
  code: string
  language: string
  complete: boolean
}) {
  const [tokens, setTokens] = useState(() => cachedTokens(code, language))
  useEffect(() => {
    if (!complete) return
    let current = true
    highlightCode(code, language).then(
      (result) => current && setTokens(result),
      (error: unknown) => {
        // A grammar that fails to load leaves the block plain: still readable and copyable.
        console.error('Code highlighting failed', error)
      },
    )
    return () => {
      current = false
    }
  }, [code, language, complete])
  const shown = complete ? tokens : null
  return (
    <div
      className="code-block"
      data-testid="code-block"
      data-highlighted={shown ? 'true' : undefined}
    >
      <div className="code-block-header">
        <span className="code-block-language" data-testid="code-language">
          {language === '' ? 'text' : language}
        </span>
        <CopyCodeButton code={code} />
      </div>
      <pre className="code-block-body" tabIndex={0}>
        <code>{shown ? <HighlightedLines tokens={shown} /> : code}</code>
      </pre>
    </div>
  )
}

function HighlightedLines({ tokens }: { tokens: ThemedToken[][] }) {
  return tokens.map((line, lineIndex) => (
    <span className="code-line" key={lineIndex}>
      {line.map((token, index) => (
        // Colours go through the style object (CSSOM), which style-src 'self' allows.
        <span className="code-token" key={index} style={token.htmlStyle as CSSProperties}>
          {token.content}
        </span>
      ))}
      {lineIndex < tokens.length - 1 ? '\n' : null}
    </span>
  ))
}

function CopyCodeButton({ code }: { code: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), COPIED_MS)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <button
      type="button"
      className="code-block-copy"
      data-testid="copy-code"
      aria-label={state === 'copied' ? 'Copied' : 'Copy code'}
      onClick={() => void copyText(code).then((done) => setState(done ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  )
}
