import { useConversations } from '../../stores/stores-context'

/** "Conversation deleted. Undo" for as long as main keeps the deleted conversation. */
export function UndoToast() {
  const pending = useConversations((state) => state.pendingDelete)
  const undo = useConversations((state) => state.undoDelete)
  const dismiss = useConversations((state) => state.dismissUndo)
  if (!pending) return null
  return (
    <div className="toast" data-testid="undo-toast" role="status">
      <span>Conversation deleted.</span>
      <button
        type="button"
        className="link-button"
        data-testid="undo-button"
        onClick={() => void undo()}
      >
        Undo
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  )
}
