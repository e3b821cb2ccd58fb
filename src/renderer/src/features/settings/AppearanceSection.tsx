import type { PublicSettings, Theme } from '../../../../shared/contract/schemas/settings'
import { useSettings } from '../../stores/stores-context'

const CHOICES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

/** Light or dark colours, or whichever the OS uses (the default); a change shows at once. */
export function AppearanceSection({ settings }: { settings: PublicSettings }) {
  const update = useSettings((state) => state.update)
  return (
    <fieldset className="settings-row" role="radiogroup" aria-labelledby="settings-theme-legend">
      <legend id="settings-theme-legend" className="settings-legend">
        Theme
      </legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className="settings-choice">
          <input
            type="radio"
            name="theme"
            value={choice.value}
            data-testid={`settings-theme-${choice.value}`}
            checked={settings.theme === choice.value}
            onChange={() => void update({ theme: choice.value })}
          />
          {choice.label}
        </label>
      ))}
    </fieldset>
  )
}
