import { Button } from './Button'

/**
 * "Dismiss" as a text link: closes a notice or an error. `label` tells a screen reader what it
 * closes where the word alone is unclear.
 */
export function DismissButton({ onDismiss, label }: { onDismiss: () => void; label?: string }) {
  return (
    <Button variant="link" aria-label={label} onClick={onDismiss}>
      Dismiss
    </Button>
  )
}
