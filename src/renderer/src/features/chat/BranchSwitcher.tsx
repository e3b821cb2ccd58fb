import { useChat } from '../../stores/stores-context'
import { focusComposer } from './focus-composer'

/**
 * "2 / 3" with previous and next, for a message that has alternatives (edits of a question,
 * regenerated replies). Switching shows that alternative and its own continuation.
 */
export function BranchSwitcher({ id }: { id: string }) {
  const siblings = useChat((state) => state.branches[id])
  const busy = useChat((state) => state.generation !== null)
  const switchBranch = useChat((state) => state.switchBranch)
  if (!siblings || siblings.length < 2) return null
  const index = siblings.indexOf(id)
  const go = (target: string | undefined) => {
    if (target === undefined) return
    void switchBranch(target).then(focusComposer)
  }
  return (
    <div
      className="branch-switcher"
      data-testid="branch-switcher"
      role="group"
      aria-label="Alternatives"
    >
      <button
        type="button"
        className="icon-button"
        data-testid="branch-previous"
        aria-label="Previous alternative"
        disabled={busy || index <= 0}
        onClick={() => go(siblings[index - 1])}
      >
        ‹
      </button>
      <span data-testid="branch-position" aria-live="polite">
        {index + 1} / {siblings.length}
      </span>
      <button
        type="button"
        className="icon-button"
        data-testid="branch-next"
        aria-label="Next alternative"
        disabled={busy || index >= siblings.length - 1}
        onClick={() => go(siblings[index + 1])}
      >
        ›
      </button>
    </div>
  )
}
