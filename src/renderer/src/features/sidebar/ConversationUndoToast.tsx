import { useConversationsFields } from '../../stores/stores-context'
import { UndoToast } from '../../ui/UndoToast'

/** "Conversation deleted. Undo" for as long as main keeps the deleted conversation. */
export function ConversationUndoToast() {
  const { pendingDelete, undoDelete, dismissUndo } = useConversationsFields(
    'pendingDelete',
    'undoDelete',
    'dismissUndo',
  )
  if (!pendingDelete) return null
  return (
    <UndoToast
      message="Conversation deleted."
      testId="undo-toast"
      undoTestId="undo-button"
      onUndo={() => void undoDelete()}
      onDismiss={dismissUndo}
    />
  )
}
