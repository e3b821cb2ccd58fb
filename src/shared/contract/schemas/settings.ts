import { z } from 'zod'

/**
 * Sampling presets. `model-card` is what the model card's code gets: its generation_config sets only
 * do_sample and the eos ids, so transformers' defaults apply (temperature 1.0, top-k 50, top-p 1.0, no
 * repeat penalty). `llama3` is Meta's own recommendation for Llama 3 (temperature 0.6, top-p 0.9).
 */
export const SamplingPresetSchema = z.enum(['model-card', 'llama3'])
export type SamplingPreset = z.infer<typeof SamplingPresetSchema>

export const SettingsSchema = z.object({
  /** Absolute path of the GGUF to load; `HEARTH_MODEL` overrides it. */
  modelPath: z.string().max(4096).nullable(),
  samplingPreset: SamplingPresetSchema,
  /** Empty means no system prompt at all (the model card's usage). */
  systemPrompt: z.string().max(16_000),
  /** CPU threads; null picks the cores this process may use. */
  threads: z.number().int().min(1).max(256).nullable(),
  /** A Hugging Face mirror; null uses HF_ENDPOINT or huggingface.co. */
  hfEndpoint: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable(),
  /** A Hugging Face access token for gated repositories; sent only to the endpoint's own host. */
  hfToken: z.string().max(512).nullable(),
})
export type Settings = z.infer<typeof SettingsSchema>

/**
 * What `settings.get` and `settings.update` answer: the settings without any secret. The token is
 * write-only: the renderer learns whether one is set, never its value.
 */
export const PublicSettingsSchema = SettingsSchema.omit({ hfToken: true }).extend({
  hfTokenSet: z.boolean(),
})
export type PublicSettings = z.infer<typeof PublicSettingsSchema>

/** A change to the settings; `hfToken` is written to the secret store, null removes it. */
export const SettingsPatchSchema = SettingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>

/** The settings as the renderer may see them. */
export function publicSettings(settings: Settings): PublicSettings {
  const { hfToken, ...rest } = settings
  return { ...rest, hfTokenSet: hfToken !== null && hfToken.length > 0 }
}

export const DEFAULT_SETTINGS: Settings = {
  modelPath: null,
  samplingPreset: 'model-card',
  systemPrompt: '',
  threads: null,
  hfEndpoint: null,
  hfToken: null,
}
