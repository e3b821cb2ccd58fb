import { useState, type SubmitEvent } from 'react'
import { SAMPLING_PRESET_LABELS } from '../../../../shared/contract/schemas/sampling'
import { useChat, useSettings } from '../../stores/stores-context'
import { focusComposer } from './focus-composer'
import { SamplingFields } from './SamplingFields'
import { SavePresetForm } from './SavePresetForm'
import { appSampling, choiceOf, samplingOf, type SamplingChoice } from './sampling-choice'
import { Button } from '../../ui/Button'

/**
 * This conversation's own system prompt and sampling, each falling back to the app's settings.
 * Saved at once; the next reply uses them. Custom values can be saved as a named preset.
 */
export function ConversationSettingsPanel({ onClose }: { onClose: () => void }) {
  const conversation = useChat((state) => state.conversation)
  const save = useChat((state) => state.saveConversationSettings)
  const setNotice = useChat((state) => state.setNotice)
  const app = useSettings((state) => state.settings)
  const saved = app?.savedPresets ?? []
  const initial = choiceOf(conversation?.sampling ?? null, saved)
  const [ownPrompt, setOwnPrompt] = useState(conversation?.systemPrompt != null)
  const [prompt, setPrompt] = useState(conversation?.systemPrompt ?? app?.systemPrompt ?? '')
  const [choice, setChoice] = useState<SamplingChoice>(initial.choice)
  const [values, setValues] = useState(initial.values)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const ok = await save({
      systemPrompt: ownPrompt ? prompt : null,
      sampling: samplingOf(choice, values, saved),
    })
    if (ok) {
      setNotice("Saved. This conversation's next reply uses these settings.")
      onClose()
      focusComposer()
    }
  }

  return (
    <form
      className="conversation-settings"
      data-testid="conversation-settings"
      aria-label="This conversation's settings"
      onSubmit={(event) => void submit(event)}
    >
      <fieldset>
        <legend>System prompt</legend>
        <label className="checkbox-row">
          <input
            type="checkbox"
            data-testid="conversation-own-prompt"
            checked={ownPrompt}
            onChange={(event) => setOwnPrompt(event.target.checked)}
          />
          Use a system prompt of its own (otherwise the app's default)
        </label>
        {ownPrompt && (
          <>
            <label htmlFor="conversation-system-prompt" className="visually-hidden">
              This conversation's system prompt (empty: none)
            </label>
            <textarea
              id="conversation-system-prompt"
              data-testid="conversation-system-prompt"
              rows={3}
              placeholder="None: the model gets no system prompt"
              value={prompt}
              onChange={(event) => setPrompt(event.target.value)}
            />
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Sampling</legend>
        <label htmlFor="conversation-sampling-choice" className="visually-hidden">
          Sampling
        </label>
        <select
          id="conversation-sampling-choice"
          data-testid="conversation-sampling-choice"
          value={choice}
          onChange={(event) => setChoice(event.target.value as SamplingChoice)}
        >
          <option value="app">The app's default</option>
          <option value="model-card">{SAMPLING_PRESET_LABELS['model-card']}</option>
          <option value="llama3">{SAMPLING_PRESET_LABELS.llama3}</option>
          {saved.map((preset) => (
            <option key={preset.name} value={`saved:${preset.name}`}>
              Saved: {preset.name}
            </option>
          ))}
          <option value="custom">Custom values</option>
        </select>
        {choice === 'custom' && (
          <>
            <SamplingFields
              idPrefix="conversation"
              values={values}
              base={appSampling(app)}
              onChange={setValues}
            />
            <SavePresetForm values={values} />
          </>
        )}
      </fieldset>
      <div className="conversation-settings-buttons">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" type="submit" data-testid="conversation-settings-save">
          Save
        </Button>
      </div>
    </form>
  )
}
