import { useState, type ReactNode } from 'react'
import { ErrorBoundary } from '../../../ui/ErrorBoundary'

/**
 * Keeps one message's render error inside that message (issue 10): the rest of the conversation
 * stays readable, and the message itself can still be read as the text that was stored.
 */
export function MessageBoundary({ text, children }: { text: string; children: ReactNode }) {
  return (
    <ErrorBoundary
      resetKey={text}
      onError={(error) => console.error('A message could not be displayed', error)}
      fallback={() => <UndisplayableMessage text={text} />}
    >
      {children}
    </ErrorBoundary>
  )
}

function UndisplayableMessage({ text }: { text: string }) {
  const [plain, setPlain] = useState(false)
  return (
    <div className="message-undisplayable" data-testid="message-undisplayable" role="note">
      <p>This message could not be displayed.</p>
      {plain ? (
        // React escapes the text: whatever broke the formatted view is shown, never run.
        <pre className="message-plain-text" data-testid="message-plain-text">
          {text}
        </pre>
      ) : (
        <button type="button" data-testid="show-plain-text" onClick={() => setPlain(true)}>
          Show as plain text
        </button>
      )}
    </div>
  )
}
