import { useEffect, useRef, useState } from 'react'
import { useChat } from '../../stores/stores-context'
import { focusComposer } from './focus-composer'
import { Button } from '../../ui/Button'
import { SendButton } from '../../ui/SendButton'
import { useComposerKeys } from './composer-keys'

/**
 * Edits one of the user's messages in place: Enter sends the edit as a new branch (the original and
 * its replies stay, one click away), Shift+Enter is a new line, Esc cancels.
 */
export function MessageEditor({ id, text }: { id: string; text: string }) {
  const [value, setValue] = useState(text)
  const edit = useChat((state) => state.edit)
  const startEditing = useChat((state) => state.startEditing)
  const input = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    const element = input.current
    if (!element) return
    element.focus()
    element.setSelectionRange(element.value.length, element.value.length)
  }, [])

  const submit = () => {
    if (value.trim() === '') return
    void edit(id, value)
    focusComposer()
  }
  const cancel = () => {
    startEditing(null)
    focusComposer()
  }
  const onKeyDown = useComposerKeys({ send: submit, escape: cancel })

  return (
    <form
      className="message-editor"
      data-testid="message-editor"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <label htmlFor={`edit-${id}`} className="visually-hidden">
        Edit your message
      </label>
      <textarea
        id={`edit-${id}`}
        ref={input}
        data-testid="edit-input"
        rows={3}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="message-editor-buttons">
        <Button data-testid="edit-cancel" onClick={cancel}>
          Cancel
        </Button>
        <SendButton testId="edit-send" disabled={value.trim() === ''} />
      </div>
    </form>
  )
}
