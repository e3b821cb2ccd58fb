import type { FinishReason } from '../../../../shared/contract/schemas/chat'
import { useChat } from '../../stores/stores-context'
import { copyText } from './copy-text'
import { focusComposer } from './focus-composer'
import { Button } from '../../ui/Button'

const CONTINUABLE: ReadonlySet<FinishReason | null> = new Set(['stopped', 'interrupted', 'length'])

/**
 * What can be done with a message once it is complete: copy it (as Markdown), edit it (the user's
 * own, as a new branch), delete it with what followed (undoable), regenerate the latest reply and
 * continue one that was cut off. Focus goes back to the composer after each.
 */
export function MessageActions({ id }: { id: string }) {
  const message = useChat((state) => state.messages[id])
  const idle = useChat((state) => state.generation === null)
  const latest = useChat((state) => state.messageIds.at(-1) === id)
  const regenerate = useChat((state) => state.regenerate)
  const continueReply = useChat((state) => state.continueReply)
  const startEditing = useChat((state) => state.startEditing)
  const deleteMessage = useChat((state) => state.deleteMessage)
  const setNotice = useChat((state) => state.setNotice)
  // Local ids are not in main yet: nothing can be done with them until the send answers.
  if (!message || !idle || id.startsWith('local-')) return null
  const reply = message.role === 'assistant'

  const copy = async () => {
    const copied = await copyText(message.text)
    setNotice(copied ? 'Copied as Markdown.' : 'Hearth could not use the clipboard.')
    focusComposer()
  }
  const then = (action: Promise<unknown>) => void action.then(focusComposer)

  return (
    <div className="message-actions">
      <Button variant="link" data-testid="copy-button" onClick={() => void copy()}>
        Copy
      </Button>
      {!reply && (
        <Button variant="link" data-testid="edit-button" onClick={() => startEditing(id)}>
          Edit
        </Button>
      )}
      {reply && latest && (
        <Button variant="link" data-testid="regenerate-button" onClick={() => then(regenerate(id))}>
          Regenerate
        </Button>
      )}
      {reply && latest && CONTINUABLE.has(message.finishReason) && (
        <Button
          variant="link"
          data-testid="continue-button"
          onClick={() => then(continueReply(id))}
        >
          Continue
        </Button>
      )}
      <Button
        variant="link"
        data-testid="delete-message-button"
        title="Delete this message and everything after it"
        onClick={() => then(deleteMessage(id))}
      >
        Delete
      </Button>
    </div>
  )
}
