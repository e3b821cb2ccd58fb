import { useState, type SubmitEvent } from 'react'
import {
  SAMPLING_PRESET_LABELS,
  SAMPLING_PRESET_VALUES,
  type SamplingPreset,
} from '../../../../shared/contract/schemas/sampling'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { useSettings } from '../../stores/stores-context'
import { SamplingFields } from '../chat/SamplingFields'
import { Button } from '../../ui/Button'

const APPLIES = 'Saved. The next reply uses it; no reload needed.'

/** The sampling radios: each preset, then custom values over the chosen preset. */
const SAMPLING_CHOICES = [
  ...(Object.keys(SAMPLING_PRESET_LABELS) as SamplingPreset[]),
  'custom' as const,
]
const CUSTOM_LABEL = "Custom values (empty fields keep the preset's)"

/**
 * The defaults every conversation starts from (each can set its own): the system prompt, and the
 * sampling preset or custom values over it. Changes apply to the next reply.
 */
export function ChatDefaultsSection({ settings }: { settings: PublicSettings }) {
  const update = useSettings((state) => state.update)
  const [prompt, setPrompt] = useState(settings.systemPrompt)
  // Shown at once on a click (the saved settings follow when main answers).
  const [choice, setChoice] = useState<SamplingPreset | 'custom'>(
    settings.samplingValues === null ? settings.samplingPreset : 'custom',
  )
  const custom = choice === 'custom'
  const [values, setValues] = useState(settings.samplingValues ?? {})
  const [saved, setSaved] = useState<string | null>(null)

  const savePrompt = async (event: SubmitEvent) => {
    event.preventDefault()
    if (await update({ systemPrompt: prompt })) setSaved(APPLIES)
  }
  const choosePreset = async (preset: SamplingPreset) => {
    setChoice(preset)
    if (await update({ samplingPreset: preset, samplingValues: null })) setSaved(APPLIES)
  }
  const saveCustom = async (event: SubmitEvent) => {
    event.preventDefault()
    if (await update({ samplingValues: values })) setSaved(APPLIES)
  }
  const removePreset = async (name: string) => {
    const savedPresets = settings.savedPresets.filter((preset) => preset.name !== name)
    if (await update({ savedPresets })) setSaved(`Preset "${name}" removed.`)
  }

  return (
    <>
      <form className="settings-row settings-column" onSubmit={(event) => void savePrompt(event)}>
        <label htmlFor="settings-system-prompt">
          Default system prompt (empty: none, as the model card uses it)
        </label>
        <textarea
          id="settings-system-prompt"
          data-testid="settings-system-prompt"
          rows={4}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
        />
        <Button type="submit" data-testid="settings-system-prompt-save">
          Save system prompt
        </Button>
      </form>
      <fieldset className="settings-row settings-column">
        <legend>Sampling</legend>
        {SAMPLING_CHOICES.map((option) => (
          <label key={option} className="checkbox-row">
            <input
              type="radio"
              name="settings-sampling"
              data-testid={`settings-sampling-${option}`}
              checked={choice === option}
              onChange={() =>
                option === 'custom' ? setChoice('custom') : void choosePreset(option)
              }
            />
            {option === 'custom' ? CUSTOM_LABEL : SAMPLING_PRESET_LABELS[option]}
          </label>
        ))}
      </fieldset>
      {custom && (
        <form className="settings-row settings-column" onSubmit={(event) => void saveCustom(event)}>
          <SamplingFields
            idPrefix="settings"
            values={values}
            base={SAMPLING_PRESET_VALUES[settings.samplingPreset]}
            onChange={setValues}
          />
          <Button type="submit" data-testid="settings-sampling-save">
            Save sampling
          </Button>
        </form>
      )}
      {settings.savedPresets.length > 0 && (
        <div className="settings-row settings-column">
          <span>Saved presets (offered in each conversation's settings)</span>
          <ul className="saved-presets" data-testid="saved-presets">
            {settings.savedPresets.map((preset) => (
              <li key={preset.name}>
                {preset.name}{' '}
                <Button
                  variant="link"
                  aria-label={`Remove preset ${preset.name}`}
                  onClick={() => void removePreset(preset.name)}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {saved && (
        <p className="settings-saved" role="status" data-testid="settings-chat-saved">
          {saved}
        </p>
      )}
    </>
  )
}
