import { useEffect } from 'react'
import { copyText } from '../features/chat/copy-text'
import { focusComposer } from '../features/chat/focus-composer'
import type { Stores } from '../stores/stores-context'

/** True for Ctrl (or Cmd on macOS) with `key`, the platform's usual modifier for app commands. */
function isCommand(event: KeyboardEvent, key: string, shift = false): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    event.shiftKey === shift &&
    event.key.toLowerCase() === key
  )
}

/**
 * The window's keyboard commands that are not tied to one screen: Ctrl/Cmd+, opens Settings,
 * Ctrl/Cmd+N starts a new conversation, Ctrl/Cmd+Shift+C copies the last reply (as Markdown).
 * Ctrl/Cmd+K (search) belongs to the search palette.
 */
export function useAppShortcuts(stores: Stores): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isCommand(event, ',')) {
        event.preventDefault()
        stores.models.getState().closeScreen()
        stores.settings.getState().openScreen()
      } else if (isCommand(event, 'n')) {
        event.preventDefault()
        newConversation(stores)
      } else if (isCommand(event, 'c', true)) {
        event.preventDefault()
        void copyLastReply(stores)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [stores])
}

/** Back to the chat with an empty conversation, the cursor in the composer. */
function newConversation(stores: Stores): void {
  stores.settings.getState().closeScreen()
  stores.models.getState().closeScreen()
  stores.chat.getState().reset()
  focusComposer()
}

/** Copies the newest finished reply in view; says so either way. */
async function copyLastReply(stores: Stores): Promise<void> {
  const chat = stores.chat.getState()
  const reply = [...chat.messageIds]
    .reverse()
    .map((id) => chat.messages[id])
    .find((message) => message?.role === 'assistant' && !message.streaming && message.text !== '')
  if (!reply) {
    chat.setNotice('There is no reply to copy yet.')
    return
  }
  const copied = await copyText(reply.text)
  stores.chat
    .getState()
    .setNotice(copied ? 'Reply copied as Markdown.' : 'Hearth could not use the clipboard.')
  focusComposer()
}
