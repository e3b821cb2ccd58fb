import type { FinishReason } from '../../../../shared/contract/schemas/chat'
import { useChat } from '../../stores/stores-context'

const CONTINUABLE: ReadonlySet<FinishReason | null> = new Set(['stopped', 'interrupted', 'length'])

/** Regenerate (latest reply only) and Continue (a stopped, cut-off or interrupted reply). */
export function MessageActions({ id, finishReason }: { id: string; finishReason: FinishReason }) {
  const latest = useChat((state) => state.messageIds.at(-1) === id && state.generation === null)
  const regenerate = useChat((state) => state.regenerate)
  const continueReply = useChat((state) => state.continueReply)
  if (!latest) return null
  return (
    <div className="message-actions">
      <button
        type="button"
        className="link-button"
        data-testid="regenerate-button"
        onClick={() => void regenerate(id)}
      >
        Regenerate
      </button>
      {CONTINUABLE.has(finishReason) && (
        <button
          type="button"
          className="link-button"
          data-testid="continue-button"
          onClick={() => void continueReply(id)}
        >
          Continue
        </button>
      )}
    </div>
  )
}
