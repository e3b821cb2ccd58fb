import type { ReactNode } from 'react'
import { LAST_CONVERSATION_KEY } from '../stores/last-conversation'
import { useStores } from '../stores/stores-context'
import { ErrorBoundary } from '../ui/ErrorBoundary'
import { Button } from '../ui/Button'

/**
 * Keeps a render error inside one part of the window (the sidebar, the main screen): the rest keeps
 * working. The open conversation is forgotten as the one to reopen, so a reload starts on a new
 * chat instead of running into the same error again (issue 10).
 */
export function ScreenBoundary({
  label,
  resetKey,
  children,
}: {
  label: string
  /** A change (another conversation, another screen) tries the children again. */
  resetKey?: string
  children: ReactNode
}) {
  const stores = useStores()
  return (
    <ErrorBoundary
      resetKey={resetKey}
      onError={(error) => {
        console.error(`${label} could not be displayed`, error)
        forgetLastConversation()
      }}
      fallback={(reset) => (
        <div className="screen-undisplayable" data-testid="screen-undisplayable" role="alert">
          <p>{label} could not be displayed.</p>
          <Button onClick={reset}>Try again</Button>
          <Button
            onClick={() => {
              stores.chat.getState().reset()
              reset()
            }}
          >
            Start a new chat
          </Button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  )
}

function forgetLastConversation(): void {
  try {
    window.localStorage.removeItem(LAST_CONVERSATION_KEY)
  } catch {
    // Storage can be disabled; the boundary still keeps the window alive.
  }
}
