import type { ConversationSampling } from '../../../../shared/contract/schemas/conversations'
import {
  SAMPLING_PRESET_VALUES,
  SamplingPresetSchema,
  applySamplingValues,
  type ResolvedSampling,
  type SamplingValues,
  type SavedPreset,
} from '../../../../shared/contract/schemas/sampling'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'

/**
 * What the conversation's sampling menu offers: the app's settings, a built-in preset, a saved
 * preset (`saved:<name>`) or custom values.
 */
export type SamplingChoice = 'app' | 'model-card' | 'llama3' | 'custom' | `saved:${string}`

/** The app's own sampling, as a conversation falls back to it. */
export function appSampling(settings: PublicSettings | null): ResolvedSampling {
  if (settings === null) return SAMPLING_PRESET_VALUES['model-card']
  return applySamplingValues(
    SAMPLING_PRESET_VALUES[settings.samplingPreset],
    settings.samplingValues,
  )
}

/** The menu entry and custom values that show a conversation's stored sampling. */
export function choiceOf(
  sampling: ConversationSampling | null,
  saved: readonly SavedPreset[],
): { choice: SamplingChoice; values: SamplingValues } {
  if (sampling === null) return { choice: 'app', values: {} }
  if ('preset' in sampling) return { choice: sampling.preset, values: {} }
  const name = sampling.name
  if (name !== undefined && saved.some((preset) => preset.name === name)) {
    return { choice: `saved:${name}`, values: sampling.values }
  }
  return { choice: 'custom', values: sampling.values }
}

/** What to store for a menu entry (null: the app's settings). */
export function samplingOf(
  choice: SamplingChoice,
  values: SamplingValues,
  saved: readonly SavedPreset[],
): ConversationSampling | null {
  if (choice === 'app') return null
  if (choice === 'custom') return { values }
  if (choice.startsWith('saved:')) {
    const name = choice.slice('saved:'.length)
    const preset = saved.find((entry) => entry.name === name)
    return preset ? { values: preset.values, name } : null
  }
  const preset = SamplingPresetSchema.safeParse(choice)
  return preset.success ? { preset: preset.data } : null
}
