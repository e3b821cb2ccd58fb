import { checkAccelerator } from '../../shared/accelerator'
import type { ShortcutState } from '../../shared/contract/desktop'

/** What registering the quick prompt's shortcut came to. */
export type RegistrationOutcome = 'registered' | 'taken'

/**
 * The shortcut's state for Settings and the tray, from the accelerator in force and, when one was
 * tried, what registering it did. A shortcut that cannot be registered always says why: Electron
 * only answers false, which means another app (or the desktop) holds it.
 */
export function shortcutState(
  accelerator: string,
  outcome: RegistrationOutcome | null,
): ShortcutState {
  const checked = checkAccelerator(accelerator)
  if (!checked.ok) return { accelerator, registered: false, error: checked.message }
  if (checked.accelerator === '') return { accelerator: '', registered: false, error: null }
  if (outcome === 'registered')
    return { accelerator: checked.accelerator, registered: true, error: null }
  return {
    accelerator: checked.accelerator,
    registered: false,
    error: `${checked.accelerator} is already used by another app or by the desktop. Pick another shortcut in Settings.`,
  }
}

/**
 * Whether to show the "shortcut not registered" notice: once per accelerator that failed, so a
 * broken shortcut is never silent, and never nags at every start.
 */
export function shouldNoticeShortcutFailure(
  state: ShortcutState,
  noticedFor: string | null,
): boolean {
  return state.error !== null && state.accelerator !== noticedFor
}
