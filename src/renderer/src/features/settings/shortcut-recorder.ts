import { acceleratorFromKeyPress, checkAccelerator } from '../../../../shared/accelerator'

/** What one key press means while the shortcut recorder listens. */
export type RecordedKey =
  | { kind: 'cancel' }
  | { kind: 'clear' }
  | { kind: 'pending' }
  | { kind: 'set'; accelerator: string }
  | { kind: 'invalid'; message: string }

/**
 * The key recorder: Esc alone cancels, Backspace or Delete alone turns the shortcut off, modifiers
 * alone keep listening, anything else becomes the shortcut if it can be a global one.
 */
export function recordKey(
  press: {
    key: string
    code: string
    ctrlKey: boolean
    altKey: boolean
    shiftKey: boolean
    metaKey: boolean
  },
  mac: boolean,
): RecordedKey {
  const bare = !press.ctrlKey && !press.altKey && !press.shiftKey && !press.metaKey
  if (bare && press.key === 'Escape') return { kind: 'cancel' }
  if (bare && (press.key === 'Backspace' || press.key === 'Delete')) return { kind: 'clear' }
  const accelerator = acceleratorFromKeyPress(press, mac)
  if (accelerator === null) return { kind: 'pending' }
  const checked = checkAccelerator(accelerator)
  return checked.ok
    ? { kind: 'set', accelerator: checked.accelerator }
    : { kind: 'invalid', message: checked.message }
}
