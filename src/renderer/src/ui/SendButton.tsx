import { Button } from './Button'

/** A composer's Send: it submits the form, and is off while there is nothing to send. */
export function SendButton({ testId, disabled }: { testId: string; disabled: boolean }) {
  return (
    <Button variant="primary" type="submit" data-testid={testId} disabled={disabled}>
      Send
    </Button>
  )
}
