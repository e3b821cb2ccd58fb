import type { KeyboardEvent } from 'react'

/** A key press as the composers read it (React's keyboard event has these fields). */
interface KeyPress {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  isComposing: boolean
}

/** What a key press in a message box means, before each box says what it does about it. */
export type ComposerKey =
  'send' | 'newline' | 'escape' | 'command-enter' | 'paste-clipboard' | 'up' | null

/**
 * Enter sends, Shift+Enter writes a new line, Ctrl/Cmd+Enter and Ctrl/Cmd+Shift+V are the quick
 * prompt's own keys (continue in the main window, include the clipboard). `mac` picks Cmd over
 * Ctrl. An IME composition uses Enter to pick a candidate: nothing counts while it runs.
 */
export function composerKey(press: KeyPress, mac: boolean): ComposerKey {
  if (press.isComposing) return null
  const command = mac ? press.metaKey : press.ctrlKey
  if (press.key === 'Escape') return 'escape'
  if (press.key === 'ArrowUp') return 'up'
  if (press.key === 'Enter') {
    if (command) return 'command-enter'
    return press.shiftKey ? 'newline' : 'send'
  }
  if (command && press.shiftKey && !press.altKey && press.key.toLowerCase() === 'v')
    return 'paste-clipboard'
  return null
}

/**
 * What a message box does for each key it handles; answering false leaves the key to the browser
 * (Esc with nothing to stop, Up in a box that has text).
 */
export type ComposerKeyHandlers = Partial<
  Record<Exclude<ComposerKey, null | 'newline'>, () => unknown>
>

/**
 * The keydown handler of a message box (the main composer, the message editor, the quick prompt).
 * It only reads the handlers when a key is pressed, never while rendering.
 */
export function useComposerKeys(handlers: ComposerKeyHandlers, mac = false) {
  return (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    let key = composerKey({ ...event, isComposing: event.nativeEvent.isComposing }, mac)
    // A box with no Ctrl/Cmd+Enter action of its own reads it as Enter.
    if (key === 'command-enter' && handlers['command-enter'] === undefined) {
      key = event.shiftKey ? 'newline' : 'send'
    }
    if (key === null || key === 'newline') return
    const handler = handlers[key]
    if (handler !== undefined && handler() !== false) event.preventDefault()
  }
}
