import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react'
import { describeAccelerator } from '../../../../shared/accelerator'
import type { DesktopInfo } from '../../../../shared/contract/desktop'
import { effectiveQuickShortcut } from '../../../../shared/contract/schemas/desktop-settings'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { useSettings } from '../../stores/stores-context'
import { createDesktopShell } from '../quick/desktop-shell'
import { recordKey } from './shortcut-recorder'
import { Button } from '../../ui/Button'
import { WholeNumberForm } from '../../ui/WholeNumberForm'

/**
 * The desktop assistant: the quick prompt's global shortcut (a key recorder, and whether it could be
 * registered), how long the quick prompt returns to the same conversation, the tray, start at login
 * and update checks. In a browser tab (headless mode) the shell's parts say they apply to the app.
 */
export function DesktopSection({ settings }: { settings: PublicSettings }) {
  const update = useSettings((state) => state.update)
  const shell = useMemo(() => createDesktopShell(), [])
  const [info, setInfo] = useState<DesktopInfo | null>(null)
  const [recording, setRecording] = useState(false)
  const [recordError, setRecordError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  useEffect(() => {
    void shell.info().then(setInfo)
    return shell.onInfoChanged(setInfo)
  }, [shell])

  const platform = info?.platform ?? (shell.mac ? 'darwin' : 'linux')
  const shortcut = effectiveQuickShortcut(settings.quickShortcut, platform)
  const recorderText = recording
    ? 'Press the new shortcut (Esc cancels)…'
    : describeAccelerator(shortcut, shell.mac)
  const save = async (patch: Parameters<typeof update>[0], message: string) => {
    if (await update(patch)) setSaved(message)
  }
  const onRecorderKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return
    event.preventDefault()
    event.stopPropagation()
    const recorded = recordKey(event, shell.mac)
    if (recorded.kind === 'pending') return
    setRecording(false)
    if (recorded.kind === 'invalid') {
      setRecordError(recorded.message)
      return
    }
    setRecordError(null)
    if (recorded.kind === 'clear')
      void save({ quickShortcut: '' }, 'The quick prompt shortcut is off.')
    if (recorded.kind === 'set')
      void save({ quickShortcut: recorded.accelerator }, 'Shortcut saved.')
  }

  return (
    <>
      <div className="settings-row">
        <span id="settings-quick-shortcut-label">Quick prompt shortcut</span>
        <Button
          data-testid="settings-quick-shortcut"
          // The name holds the visible text too (what speech users say to press it).
          aria-label={`Quick prompt shortcut: ${recorderText}`}
          aria-pressed={recording}
          onClick={() => {
            setRecordError(null)
            setRecording(true)
          }}
          onKeyDown={onRecorderKey}
          onBlur={() => setRecording(false)}
        >
          {recorderText}
        </Button>
        <Button
          data-testid="settings-quick-shortcut-off"
          onClick={() => void save({ quickShortcut: '' }, 'The quick prompt shortcut is off.')}
        >
          Turn off
        </Button>
        <Button onClick={() => void save({ quickShortcut: null }, 'The default shortcut is back.')}>
          Use the default
        </Button>
      </div>
      {recordError && (
        <p className="form-error" role="alert" data-testid="settings-quick-shortcut-error">
          {recordError}
        </p>
      )}
      <p className="settings-hint" data-testid="settings-quick-shortcut-state">
        {info === null
          ? 'The shortcut, tray and login item apply in the desktop app. In a browser, the quick prompt is at #/quick.'
          : info.shortcut.error !== null
            ? info.shortcut.error
            : info.shortcut.registered
              ? `${describeAccelerator(info.shortcut.accelerator, shell.mac)} opens the quick prompt from any app.`
              : 'No shortcut: open the quick prompt from the tray.'}
      </p>
      <WholeNumberForm
        id="settings-quick-reuse"
        label="Return to the same quick conversation within (minutes; 0 always starts a new one)"
        range={[0, 1440]}
        initial={settings.quickReuseMinutes}
        onSave={(value) => void save({ quickReuseMinutes: value }, 'Saved.')}
        onInvalid={() => setSaved(null)}
      />
      <SettingCheckbox
        testId="settings-close-to-tray"
        checked={settings.closeToTray}
        onChange={(checked) => void save({ closeToTray: checked }, 'Saved.')}
      >
        Keep Hearth in the tray when its window is closed
        {info !== null && !info.trayAvailable ? ' (this desktop has no tray)' : ''}
      </SettingCheckbox>
      <SettingCheckbox
        testId="settings-open-at-login"
        checked={settings.openAtLogin}
        onChange={(checked) => void save({ openAtLogin: checked }, 'Saved.')}
      >
        Start Hearth when I log in
      </SettingCheckbox>
      <label className="settings-row">
        Look for updates
        <select
          data-testid="settings-update-checks"
          value={settings.updateChecks}
          onChange={(event) => {
            const value = event.target.value
            if (value === 'ask' || value === 'allowed' || value === 'denied')
              void save({ updateChecks: value }, 'Saved.')
          }}
        >
          <option value="ask">Ask me once</option>
          <option value="allowed">Yes, in the background</option>
          <option value="denied">Never</option>
        </select>
      </label>
      {saved && (
        <p className="settings-saved" role="status">
          {saved}
        </p>
      )}
    </>
  )
}

/** One on/off setting, saved as soon as it changes. */
function SettingCheckbox(props: {
  testId: string
  checked: boolean
  onChange: (checked: boolean) => void
  children: ReactNode
}) {
  return (
    <label className="settings-row">
      <input
        type="checkbox"
        data-testid={props.testId}
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      {props.children}
    </label>
  )
}
