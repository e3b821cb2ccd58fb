import { useState } from 'react'
import type { ResolvedSampling, SamplingValues } from '../../../../shared/contract/schemas/sampling'

type Key = keyof SamplingValues

/** Each value with its label and input limits (the core checks them again). */
const FIELDS: readonly { key: Key; label: string; min: number; max?: number; step: number }[] = [
  { key: 'temperature', label: 'Temperature', min: 0, max: 5, step: 0.05 },
  { key: 'topP', label: 'Top-p', min: 0, max: 1, step: 0.05 },
  { key: 'topK', label: 'Top-k', min: 0, max: 1000, step: 1 },
  { key: 'minP', label: 'Min-p', min: 0, max: 1, step: 0.01 },
  { key: 'repeatPenalty', label: 'Repeat penalty (1 is none)', min: 0, max: 5, step: 0.05 },
  { key: 'maxTokens', label: 'Max new tokens', min: 1, step: 1 },
  { key: 'seed', label: 'Seed (empty: random)', min: 0, step: 1 },
]

/**
 * The seven sampling values as number inputs. An empty field keeps the value it falls back to,
 * shown as its placeholder (the preset's, or the app's for a conversation).
 */
export function SamplingFields({
  idPrefix,
  values,
  base,
  onChange,
}: {
  idPrefix: string
  values: SamplingValues
  base: ResolvedSampling
  onChange: (values: SamplingValues) => void
}) {
  // Text as typed ("0." on the way to "0.5"), parsed into numbers for the caller.
  const [text, setText] = useState<Record<Key, string>>(() => {
    const initial = {} as Record<Key, string>
    for (const { key } of FIELDS)
      initial[key] = values[key] === undefined ? '' : String(values[key])
    return initial
  })
  const change = (key: Key, raw: string) => {
    const next = { ...text, [key]: raw }
    setText(next)
    const parsed: SamplingValues = {}
    for (const field of FIELDS) {
      const value = next[field.key].trim()
      if (value !== '' && Number.isFinite(Number(value))) parsed[field.key] = Number(value)
    }
    onChange(parsed)
  }
  return (
    <div className="sampling-fields" data-testid={`${idPrefix}-sampling-fields`}>
      {FIELDS.map(({ key, label, min, max, step }) => (
        <label key={key} htmlFor={`${idPrefix}-${key}`}>
          <span>{label}</span>
          <input
            id={`${idPrefix}-${key}`}
            data-testid={`${idPrefix}-${key}`}
            type="number"
            inputMode="decimal"
            min={min}
            max={max}
            step={step}
            placeholder={base[key] === null ? 'random' : String(base[key])}
            value={text[key]}
            onChange={(event) => change(key, event.target.value)}
          />
        </label>
      ))}
    </div>
  )
}
