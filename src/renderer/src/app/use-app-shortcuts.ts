import { useEffect } from 'react'
import type { Stores } from '../stores/stores-context'

/** True for Ctrl (or Cmd on macOS) with `key`, the platform's usual modifier for app commands. */
export function isCommand(event: KeyboardEvent, key: string): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key === key
}

/** The window's keyboard commands that are not tied to one screen (Ctrl/Cmd+, opens Settings). */
export function useAppShortcuts(stores: Stores): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isCommand(event, ',')) {
        event.preventDefault()
        stores.models.getState().closeScreen()
        stores.settings.getState().openScreen()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [stores])
}
