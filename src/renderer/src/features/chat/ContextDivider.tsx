/**
 * Marks where the model's view of the conversation begins: the messages above it no longer fitted
 * in its context when it wrote the latest reply (see the core's context policy).
 */
export function ContextDivider() {
  return (
    <div className="context-divider" role="separator" data-testid="context-divider">
      <span>Earlier messages are beyond what the model can see</span>
    </div>
  )
}
