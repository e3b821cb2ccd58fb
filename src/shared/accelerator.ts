/**
 * Electron accelerators ("Control+Alt+Space") for the quick prompt's global shortcut: checked the
 * same way in Settings (the key recorder) and in the Electron shell before registering.
 */

const MODIFIERS: Record<string, string> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
}

const NAMED_KEYS = [
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Plus',
  'PrintScreen',
] as const

const KEY_ALIASES: Record<string, string> = { return: 'Enter', esc: 'Escape' }

const PUNCTUATION = new Set(')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\'')

/** A checked accelerator in Electron's spelling, or why it cannot be a global shortcut. */
export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; message: string }

/**
 * Checks and normalises an accelerator: modifiers first (at least one besides Shift, so an ordinary
 * key is never taken from every other app), then exactly one key. Empty means "no shortcut".
 */
export function checkAccelerator(raw: string): AcceleratorCheck {
  const text = raw.trim()
  if (text === '') return { ok: true, accelerator: '' }
  const parts = text.split('+').map((part) => part.trim())
  if (parts.some((part) => part === ''))
    return { ok: false, message: `“${text}” is not a shortcut: write the plus key as “Plus”.` }
  const key = parts.at(-1) ?? ''
  const modifiers: string[] = []
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIERS[part.toLowerCase()]
    if (modifier === undefined)
      return {
        ok: false,
        message: `“${part}” is not a modifier (Control, Alt, Shift, Command, Super).`,
      }
    if (!modifiers.includes(modifier)) modifiers.push(modifier)
  }
  const normalisedKey = normaliseKey(key)
  if (normalisedKey === null) {
    return MODIFIERS[key.toLowerCase()] !== undefined
      ? { ok: false, message: 'A shortcut needs a key after its modifiers, for example Space.' }
      : { ok: false, message: `“${key}” is not a key Hearth can use in a shortcut.` }
  }
  if (!modifiers.some((modifier) => modifier !== 'Shift') && !/^F\d+$/.test(normalisedKey))
    return {
      ok: false,
      message:
        'A global shortcut needs Control, Alt, Command or Super, or it would take a key from every app.',
    }
  return { ok: true, accelerator: [...modifiers, normalisedKey].join('+') }
}

function normaliseKey(key: string): string | null {
  if (/^[a-z0-9]$/i.test(key)) return key.toUpperCase()
  if (/^f([1-9]|1\d|2[0-4])$/i.test(key)) return key.toUpperCase()
  if (PUNCTUATION.has(key)) return key
  const lower = key.toLowerCase()
  const alias = KEY_ALIASES[lower]
  if (alias !== undefined) return alias
  const named = NAMED_KEYS.find((name) => name.toLowerCase() === lower)
  if (named !== undefined) return named
  if (/^num[0-9]$/i.test(key)) return lower
  return null
}

/** How a key press reads as an accelerator part, for the recorder (`KeyboardEvent.code` based). */
function acceleratorKeyFromCode(code: string): string | null {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3)
  if (/^Digit[0-9]$/.test(code)) return code.slice(5)
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code
  if (/^Numpad[0-9]$/.test(code)) return `num${code.slice(6)}`
  const named: Record<string, string> = {
    Space: 'Space',
    Tab: 'Tab',
    Enter: 'Enter',
    Backspace: 'Backspace',
    Delete: 'Delete',
    Insert: 'Insert',
    ArrowUp: 'Up',
    ArrowDown: 'Down',
    ArrowLeft: 'Left',
    ArrowRight: 'Right',
    Home: 'Home',
    End: 'End',
    PageUp: 'PageUp',
    PageDown: 'PageDown',
    Minus: '-',
    Equal: '=',
    BracketLeft: '[',
    BracketRight: ']',
    Backslash: '\\',
    Semicolon: ';',
    Quote: "'",
    Comma: ',',
    Period: '.',
    Slash: '/',
    Backquote: '`',
  }
  return named[code] ?? null
}

/** A key press in the shortcut recorder, read as an accelerator; null while only modifiers are down. */
export function acceleratorFromKeyPress(
  press: { code: string; ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean },
  mac: boolean,
): string | null {
  const key = acceleratorKeyFromCode(press.code)
  if (key === null) return null
  const modifiers = [
    press.metaKey ? (mac ? 'Command' : 'Super') : null,
    press.ctrlKey ? 'Control' : null,
    press.altKey ? 'Alt' : null,
    press.shiftKey ? 'Shift' : null,
  ].filter((modifier): modifier is string => modifier !== null)
  return [...modifiers, key].join('+')
}

/** An accelerator as people read it on this platform ("⌥Space", "Ctrl+Alt+Space"). */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  if (accelerator === '') return 'Off'
  const names: Record<string, string> = mac
    ? { Command: '⌘', Control: '⌃', CommandOrControl: '⌘', Alt: '⌥', Shift: '⇧', Super: '⌘' }
    : { Control: 'Ctrl', CommandOrControl: 'Ctrl', Command: 'Super', Super: 'Super' }
  const parts = accelerator.split('+').map((part) => names[part] ?? part)
  return mac ? parts.join('') : parts.join('+')
}
