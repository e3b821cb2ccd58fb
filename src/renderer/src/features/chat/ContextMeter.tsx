import { useChat } from '../../stores/stores-context'

/**
 * Tokens the latest reply used of the model's context (its prompt, the chat template included, and
 * the reply itself). Absent until a reply has been measured, or with an engine that cannot count.
 */
export function ContextMeter() {
  const context = useChat((state) => state.context)
  if (context === null || context.contextSize === 0) return null
  const { usedTokens, contextSize } = context
  const percent = Math.min(100, Math.round((usedTokens / contextSize) * 100))
  return (
    <div
      className="context-meter"
      data-testid="context-meter"
      title={`The latest reply used ${percent}% of the model's context.`}
    >
      <meter min={0} max={contextSize} value={usedTokens} aria-label="Context used" />
      <span data-testid="context-meter-text">
        {usedTokens.toLocaleString()} / {contextSize.toLocaleString()} tokens
      </span>
    </div>
  )
}
