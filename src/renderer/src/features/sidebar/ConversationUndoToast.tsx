import { useConversations } from '../../stores/stores-context'
import { UndoToast } from '../../ui/UndoToast'

/** "Conversation deleted. Undo" for as long as main keeps the deleted conversation. */
export function ConversationUndoToast() {
  const pending = useConversations((state) => state.pendingDelete)
  const undo = useConversations((state) => state.undoDelete)
  const dismiss = useConversations((state) => state.dismissUndo)
  if (!pending) return null
  return (
    <UndoToast
      message="Conversation deleted."
      testId="undo-toast"
      undoTestId="undo-button"
      onUndo={() => void undo()}
      onDismiss={dismiss}
    />
  )
}
