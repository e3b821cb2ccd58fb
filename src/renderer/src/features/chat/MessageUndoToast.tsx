import { useChatFields } from '../../stores/stores-context'
import { UndoToast } from '../../ui/UndoToast'
import { focusComposer } from './focus-composer'

/** "Message deleted. Undo" for as long as main keeps what was deleted. */
export function MessageUndoToast() {
  const {
    pendingDelete: pending,
    undoDelete,
    dismissDelete,
  } = useChatFields('pendingDelete', 'undoDelete', 'dismissDelete')
  if (!pending) return null
  return (
    <UndoToast
      className="message-undo-toast"
      message={pending.deleted === 1 ? 'Message deleted.' : `${pending.deleted} messages deleted.`}
      testId="message-undo-toast"
      undoTestId="message-undo-button"
      onUndo={() => void undoDelete().then(focusComposer)}
      onDismiss={dismissDelete}
    />
  )
}
