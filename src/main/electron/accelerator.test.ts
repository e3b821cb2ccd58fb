import { describe, expect, it } from 'vitest'
import {
  acceleratorFromKeyPress,
  checkAccelerator,
  describeAccelerator,
} from '../../shared/accelerator'
import {
  defaultQuickShortcut,
  effectiveQuickShortcut,
} from '../../shared/contract/schemas/desktop-settings'

describe('accelerators', () => {
  it('normalises modifiers and keys to Electron spelling', () => {
    expect(checkAccelerator('ctrl+alt+space')).toEqual({
      ok: true,
      accelerator: 'Control+Alt+Space',
    })
    expect(checkAccelerator('Option+Space')).toEqual({ ok: true, accelerator: 'Alt+Space' })
    expect(checkAccelerator('CmdOrCtrl+Shift+k')).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+Shift+K',
    })
    expect(checkAccelerator('F9')).toEqual({ ok: true, accelerator: 'F9' })
    expect(checkAccelerator('  ')).toEqual({ ok: true, accelerator: '' })
  })

  it('refuses what cannot be a global shortcut, with a reason', () => {
    const message = (raw: string) => {
      const checked = checkAccelerator(raw)
      return checked.ok ? '' : checked.message
    }
    expect(message('Space')).toContain('needs Control, Alt, Command or Super')
    expect(message('Shift+A')).toContain('needs Control, Alt, Command or Super')
    expect(message('Control+Alt')).toContain('needs a key after its modifiers')
    expect(message('Hyper+A')).toContain('“Hyper” is not a modifier')
    expect(message('Control++')).toContain('“Plus”')
    expect(message('Control+Banana')).toContain('“Banana” is not a key')
  })

  it('reads a key press in the recorder, Cmd on macOS and Super elsewhere', () => {
    const press = { code: 'Space', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false }
    expect(acceleratorFromKeyPress(press, false)).toBe('Control+Alt+Space')
    expect(acceleratorFromKeyPress({ ...press, ctrlKey: false, metaKey: true }, true)).toBe(
      'Command+Alt+Space',
    )
    expect(acceleratorFromKeyPress({ ...press, code: 'KeyJ' }, false)).toBe('Control+Alt+J')
    expect(acceleratorFromKeyPress({ ...press, code: 'ControlLeft' }, false)).toBeNull()
  })

  it('describes shortcuts as each platform writes them, and has a free default on each', () => {
    expect(describeAccelerator('Control+Alt+Space', false)).toBe('Ctrl+Alt+Space')
    expect(describeAccelerator('Alt+Space', true)).toBe('⌥Space')
    expect(describeAccelerator('', false)).toBe('Off')
    expect(defaultQuickShortcut('darwin')).toBe('Alt+Space')
    expect(defaultQuickShortcut('linux')).toBe('Control+Alt+Space')
    expect(defaultQuickShortcut('win32')).toBe('Control+Alt+Space')
    expect(effectiveQuickShortcut(null, 'linux')).toBe('Control+Alt+Space')
    expect(effectiveQuickShortcut('', 'linux')).toBe('')
  })
})
