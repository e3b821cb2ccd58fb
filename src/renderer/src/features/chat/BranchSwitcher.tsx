import { useChat } from '../../stores/stores-context'
import { focusComposer } from './focus-composer'
import { Button } from '../../ui/Button'

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
      <Button
        variant="icon"
        data-testid="branch-previous"
        aria-label="Previous alternative"
        disabled={busy || index <= 0}
        onClick={() => go(siblings[index - 1])}
      >
        ‹
      </Button>
      <span data-testid="branch-position" aria-live="polite">
        {index + 1} / {siblings.length}
      </span>
      <Button
        variant="icon"
        data-testid="branch-next"
        aria-label="Next alternative"
        disabled={busy || index >= siblings.length - 1}
        onClick={() => go(siblings[index + 1])}
      >
        ›
      </Button>
    </div>
  )
}
