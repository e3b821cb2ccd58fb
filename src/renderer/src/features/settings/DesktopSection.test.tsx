import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { DesktopInfo } from '../../../../shared/contract/desktop'
import { ok } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { useSettings } from '../../stores/stores-context'
import { settingsTransport } from '../../test/settings'
import { DesktopSection } from './DesktopSection'
import { recordKey } from './shortcut-recorder'

afterEach(() => {
  cleanup()
  Reflect.deleteProperty(window, 'hearth')
})

const key = (
  code: string,
  key: string,
  mods: { ctrl?: boolean; alt?: boolean; shift?: boolean } = {},
) => ({
  code,
  key,
  ctrlKey: mods.ctrl ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
  metaKey: false,
})

async function renderSection() {
  const { transport, saved } = settingsTransport()
  const view = renderWithStores(<Probe />, transport)
  await act(async () => {
    await view.stores.settings.getState().load()
  })
  return { ...view, saved }
}

/** The section as the Settings screen shows it: once the settings are loaded. */
function Probe() {
  const settings = useSettings((state) => state.settings)
  return settings === null ? null : <DesktopSection settings={settings} />
}

describe('the key recorder', () => {
  it('reads a shortcut, cancels on Esc, turns it off on Backspace and refuses a bare key', () => {
    expect(recordKey(key('KeyJ', 'j', { ctrl: true, alt: true }), false)).toEqual({
      kind: 'set',
      accelerator: 'Control+Alt+J',
    })
    expect(recordKey(key('Escape', 'Escape'), false)).toEqual({ kind: 'cancel' })
    expect(recordKey(key('Backspace', 'Backspace'), false)).toEqual({ kind: 'clear' })
    expect(recordKey(key('AltLeft', 'Alt', { alt: true }), false)).toEqual({ kind: 'pending' })
    expect(recordKey(key('Space', ' '), false)).toMatchObject({ kind: 'invalid' })
  })
})

describe('the desktop settings section', () => {
  it('records a new shortcut and saves it, and says a refused one is not a global shortcut', async () => {
    const { saved } = await renderSection()
    const recorder = screen.getByTestId('settings-quick-shortcut')
    expect(recorder.textContent).toBe('Ctrl+Alt+Space')
    fireEvent.click(recorder)
    fireEvent.keyDown(recorder, key('Space', ' '))
    expect(screen.getByTestId('settings-quick-shortcut-error').textContent).toContain(
      'needs Control, Alt, Command or Super',
    )
    fireEvent.click(recorder)
    await act(async () => {
      fireEvent.keyDown(recorder, key('KeyJ', 'j', { ctrl: true, shift: true }))
    })
    expect(saved).toContainEqual({ quickShortcut: 'Control+Shift+J' })
    expect(screen.getByTestId('settings-quick-shortcut').textContent).toBe('Ctrl+Shift+J')
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-close-to-tray'))
    })
    expect(saved).toContainEqual({ closeToTray: false })
    // In a browser tab the shell's parts say where they apply.
    expect(screen.getByTestId('settings-quick-shortcut-state').textContent).toContain(
      'apply in the desktop app',
    )
  })

  it('shows why the Electron shell could not register the shortcut', async () => {
    const info: DesktopInfo = {
      platform: 'linux',
      shortcut: {
        accelerator: 'Control+Alt+Space',
        registered: false,
        error: 'Control+Alt+Space is already used by another app or by the desktop.',
      },
      trayAvailable: false,
      versions: {
        hearth: '0.1.0',
        electron: '45',
        chrome: '140',
        node: '22',
        nodeLlamaCpp: '3',
        llamaCpp: 'b1',
      },
    }
    Reflect.set(window, 'hearth', {
      invoke: (channel: string) =>
        Promise.resolve(channel === 'desktop.info' ? ok(info) : ok(null)),
      on: () => () => undefined,
    })
    await renderSection()
    await act(async () => {})
    expect(screen.getByTestId('settings-quick-shortcut-state').textContent).toBe(
      'Control+Alt+Space is already used by another app or by the desktop.',
    )
    expect(screen.getByText(/this desktop has no tray/)).toBeTruthy()
  })
})
