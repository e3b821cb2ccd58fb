import { DismissButton } from './DismissButton'

/** A failure said plainly where it happened, announced at once, with a way to dismiss it. */
export function DismissibleError(props: {
  message: string
  onDismiss: () => void
  className: string
  testId: string
}) {
  return (
    <p className={props.className} data-testid={props.testId} role="alert">
      {props.message} <DismissButton onDismiss={props.onDismiss} />
    </p>
  )
}
