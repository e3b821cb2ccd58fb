import { z } from 'zod'

/**
 * Sampling presets. `model-card` is what the model card's code gets: its generation_config sets only
 * do_sample and the eos ids, so transformers' defaults apply (temperature 1.0, top-k 50, top-p 1.0, no
 * repeat penalty). `llama3` is Meta's own recommendation for Llama 3 (temperature 0.6, top-p 0.9).
 */
export const SamplingPresetSchema = z.enum(['model-card', 'llama3'])
export type SamplingPreset = z.infer<typeof SamplingPresetSchema>

/** The model card's usage: at most 1,024 new tokens. */
export const MAX_NEW_TOKENS = 1024

/** Explicit sampling values; any value left out takes the preset's (or the app's). */
export const SamplingValuesSchema = z
  .object({
    temperature: z.number().min(0).max(5),
    topP: z.number().min(0).max(1),
    topK: z.number().int().min(0).max(1000),
    minP: z.number().min(0).max(1),
    /** 1 is no penalty. */
    repeatPenalty: z.number().min(0).max(5),
    maxTokens: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().nonnegative().max(4_294_967_295),
  })
  .partial()
  .strict()
export type SamplingValues = z.infer<typeof SamplingValuesSchema>

/** Every sampling value, as a reply is made with it; `seed` null draws a random one. */
export const ResolvedSamplingSchema = z.object({
  temperature: z.number(),
  topP: z.number(),
  topK: z.number().int(),
  minP: z.number(),
  repeatPenalty: z.number(),
  maxTokens: z.number().int(),
  seed: z.number().int().nullable(),
})
export type ResolvedSampling = z.infer<typeof ResolvedSamplingSchema>

/** Each preset's full values (min-p 0 and repeat penalty 1 are "off", as in transformers). */
export const SAMPLING_PRESET_VALUES: Readonly<Record<SamplingPreset, ResolvedSampling>> = {
  'model-card': {
    temperature: 1.0,
    topP: 1.0,
    topK: 50,
    minP: 0,
    repeatPenalty: 1,
    maxTokens: MAX_NEW_TOKENS,
    seed: null,
  },
  llama3: {
    temperature: 0.6,
    topP: 0.9,
    topK: 50,
    minP: 0,
    repeatPenalty: 1,
    maxTokens: MAX_NEW_TOKENS,
    seed: null,
  },
}

/** How the window names each preset. */
export const SAMPLING_PRESET_LABELS: Readonly<Record<SamplingPreset, string>> = {
  'model-card': "Model card's (temperature 1.0, top-k 50)",
  llama3: "Llama 3's (temperature 0.6, top-p 0.9)",
}

export const PresetNameSchema = z.string().trim().min(1, 'Give the preset a name.').max(60)

/** Sampling values the user saved under a name, to reuse in any conversation. */
export const SavedPresetSchema = z.object({ name: PresetNameSchema, values: SamplingValuesSchema })
export type SavedPreset = z.infer<typeof SavedPresetSchema>

/** `values` over `base`: a value left out keeps the base's. */
export function applySamplingValues(
  base: ResolvedSampling,
  values: SamplingValues | null | undefined,
): ResolvedSampling {
  if (!values) return base
  return {
    temperature: values.temperature ?? base.temperature,
    topP: values.topP ?? base.topP,
    topK: values.topK ?? base.topK,
    minP: values.minP ?? base.minP,
    repeatPenalty: values.repeatPenalty ?? base.repeatPenalty,
    maxTokens: values.maxTokens ?? base.maxTokens,
    seed: values.seed ?? base.seed,
  }
}
