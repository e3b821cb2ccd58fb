import { useRef } from 'react'
import { useChat, useChatFields } from '../../stores/stores-context'
import { Button } from '../../ui/Button'
import { DismissibleError } from '../../ui/DismissibleError'
import { SendButton } from '../../ui/SendButton'
import { useComposerKeys } from './composer-keys'

/**
 * The message box: Enter sends, Shift+Enter inserts a newline, Esc stops the running reply, Up in
 * an empty box edits the last message. The Send button becomes Stop while a reply streams.
 */
export function Composer() {
  const streaming = useChat((state) => state.generation !== null)
  const { draft, error } = useChatFields('draft', 'error')
  const { setDraft, send, stop } = useChatFields('setDraft', 'send', 'stop')
  const { editLast, dismissError } = useChatFields('editLast', 'dismissError')
  const input = useRef<HTMLTextAreaElement>(null)

  const onKeyDown = useComposerKeys({
    send: () => void send(),
    escape: () => {
      if (!streaming) return false
      void stop()
    },
    // Up in an empty composer edits the last message, as in most chat apps.
    up: () => draft === '' && editLast(),
  })

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault()
        void send()
        input.current?.focus()
      }}
    >
      {error && (
        <DismissibleError
          className="composer-error"
          testId="chat-error"
          message={error}
          onDismiss={dismissError}
        />
      )}
      <div className="composer-row">
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={input}
          data-testid="composer-input"
          rows={3}
          placeholder="Message Hearth (Enter to send, Shift+Enter for a new line)"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
        />
        {streaming ? (
          <Button
            data-testid="stop-button"
            onClick={() => {
              void stop()
              input.current?.focus()
            }}
          >
            Stop
          </Button>
        ) : (
          <SendButton testId="send-button" disabled={draft.trim() === ''} />
        )}
      </div>
    </form>
  )
}
