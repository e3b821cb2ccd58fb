import { useChat } from '../../stores/stores-context'
import { focusComposer } from './focus-composer'

/** "Message deleted. Undo" for as long as main keeps what was deleted. */
export function MessageUndoToast() {
  const pending = useChat((state) => state.pendingDelete)
  const undo = useChat((state) => state.undoDelete)
  const dismiss = useChat((state) => state.dismissDelete)
  if (!pending) return null
  return (
    <div className="toast message-undo-toast" data-testid="message-undo-toast" role="status">
      <span>
        {pending.deleted === 1 ? 'Message deleted.' : `${pending.deleted} messages deleted.`}
      </span>
      <button
        type="button"
        className="link-button"
        data-testid="message-undo-button"
        onClick={() => void undo().then(focusComposer)}
      >
        Undo
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  )
}
