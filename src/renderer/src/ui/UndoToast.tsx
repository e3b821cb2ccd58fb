import { Button } from './Button'

/** "Something deleted. Undo ×": the toast that offers to take a deletion back, while it can. */
export function UndoToast(props: {
  message: string
  onUndo: () => void
  onDismiss: () => void
  testId: string
  undoTestId: string
  className?: string
}) {
  return (
    <div
      className={props.className ? `toast ${props.className}` : 'toast'}
      data-testid={props.testId}
      role="status"
    >
      <span>{props.message}</span>
      <Button variant="link" data-testid={props.undoTestId} onClick={props.onUndo}>
        Undo
      </Button>
      <Button variant="icon" aria-label="Dismiss" onClick={props.onDismiss}>
        ×
      </Button>
    </div>
  )
}
