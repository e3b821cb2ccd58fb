import { globalShortcut } from 'electron'
import { checkAccelerator } from '../../shared/accelerator'
import type { ShortcutState } from '../../shared/contract/desktop'
import { shortcutState } from './shortcut-rules'

/**
 * Registers the quick prompt's global shortcut in place of the previous one and says how it went;
 * every decision (valid, off, taken) is in `shortcutState`.
 */
export function applyQuickShortcut(accelerator: string, onPress: () => void): ShortcutState {
  globalShortcut.unregisterAll()
  const checked = checkAccelerator(accelerator)
  if (!checked.ok || checked.accelerator === '') return shortcutState(accelerator, null)
  let registered: boolean
  try {
    registered = globalShortcut.register(checked.accelerator, onPress)
  } catch {
    // Electron throws for an accelerator it cannot parse; checkAccelerator should have caught it.
    registered = false
  }
  return shortcutState(checked.accelerator, registered ? 'registered' : 'taken')
}
