import { useState } from 'react'
import type { SamplingValues } from '../../../../shared/contract/schemas/sampling'
import { useSettings } from '../../stores/stores-context'
import { Button } from '../../ui/Button'
import { LabelledInput } from '../../ui/LabelledInput'

/** Saves sampling values under a name (replacing a preset of that name), for any conversation. */
export function SavePresetForm({ values }: { values: SamplingValues }) {
  const settings = useSettings((state) => state.settings)
  const update = useSettings((state) => state.update)
  const [name, setName] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const savePreset = async () => {
    const trimmed = name.trim()
    if (trimmed === '' || settings === null) return
    const others = settings.savedPresets.filter((preset) => preset.name !== trimmed)
    if (await update({ savedPresets: [...others, { name: trimmed, values }] })) {
      setSaved(`Saved as "${trimmed}".`)
      setName('')
    }
  }
  // Not a nested <form>: it sits inside the conversation's settings form.
  return (
    <div className="save-preset">
      <LabelledInput
        id="save-preset-name"
        label="Save these values as a preset named"
        type="text"
        maxLength={60}
        value={name}
        onChange={setName}
      />
      <Button
        data-testid="save-preset"
        disabled={name.trim() === ''}
        onClick={() => void savePreset()}
      >
        Save preset
      </Button>
      {saved && (
        <span role="status" className="settings-saved">
          {saved}
        </span>
      )}
    </div>
  )
}
