import { useRef, type KeyboardEvent } from 'react'
import { useChat } from '../../stores/stores-context'

/**
 * The message box: Enter sends, Shift+Enter inserts a newline, Esc stops the running reply, Up in
 * an empty box edits the last message. The Send button becomes Stop while a reply streams.
 */
export function Composer() {
  const draft = useChat((state) => state.draft)
  const streaming = useChat((state) => state.generation !== null)
  const setDraft = useChat((state) => state.setDraft)
  const send = useChat((state) => state.send)
  const stop = useChat((state) => state.stop)
  const editLast = useChat((state) => state.editLast)
  const error = useChat((state) => state.error)
  const dismissError = useChat((state) => state.dismissError)
  const input = useRef<HTMLTextAreaElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composition uses Enter to pick a candidate; that Enter must not send.
    if (event.nativeEvent.isComposing) return
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      void send()
    } else if (event.key === 'Escape' && streaming) {
      event.preventDefault()
      void stop()
    } else if (event.key === 'ArrowUp' && draft === '' && editLast()) {
      // Up in an empty composer edits the last message, as in most chat apps.
      event.preventDefault()
    }
  }

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
        <p className="composer-error" data-testid="chat-error" role="alert">
          {error}{' '}
          <button type="button" className="link-button" onClick={dismissError}>
            Dismiss
          </button>
        </p>
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
          <button
            type="button"
            className="button"
            data-testid="stop-button"
            onClick={() => {
              void stop()
              input.current?.focus()
            }}
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className="button button-primary"
            data-testid="send-button"
            disabled={draft.trim() === ''}
          >
            Send
          </button>
        )}
      </div>
    </form>
  )
}
