import { z } from 'zod'
import { DEFAULT_API_PORT } from './api-server'
import { RemoteEndpointSchema } from './remote'
import { SamplingPresetSchema, SamplingValuesSchema, SavedPresetSchema } from './sampling'
import { DEFAULT_DESKTOP_SETTINGS, DESKTOP_SETTINGS_FIELDS } from './desktop-settings'

/** The smallest context Hearth offers: a Llama 3 prompt with a short exchange and room for a reply. */
export const MIN_CONTEXT_SIZE = 256

/** The context used when the setting is empty: Llama 3's trained 8,192, or less if the model has less. */
export const DEFAULT_CONTEXT_SIZE = 8192

/** The window's colours: the OS's light or dark appearance, or one of them whatever the OS uses. */
const ThemeSchema = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof ThemeSchema>

export const SettingsSchema = z.object({
  /** Absolute path of the GGUF to load; `HEARTH_MODEL` overrides it. */
  modelPath: z.string().max(4096).nullable(),
  samplingPreset: SamplingPresetSchema,
  /** Custom values over the preset (any left out keep the preset's); null uses the preset as is. */
  samplingValues: SamplingValuesSchema.nullable(),
  /** Sampling values saved under a name, offered in every conversation. */
  savedPresets: z
    .array(SavedPresetSchema)
    .max(50)
    .refine(
      (presets) => new Set(presets.map((preset) => preset.name)).size === presets.length,
      'Each saved preset needs a name of its own.',
    ),
  /** Empty means no system prompt at all (the model card's usage). */
  systemPrompt: z.string().max(16_000),
  /** CPU threads; null picks the cores this process may use. */
  threads: z.number().int().min(1).max(256).nullable(),
  /**
   * Tokens of context; null: what the model was trained on, at most DEFAULT_CONTEXT_SIZE. A value
   * above the model's trained context is capped to it when the model loads.
   */
  contextSize: z.number().int().min(MIN_CONTEXT_SIZE).max(1_048_576).nullable(),
  /** A Hugging Face mirror; null uses HF_ENDPOINT or huggingface.co. */
  hfEndpoint: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable(),
  /** A Hugging Face access token for gated repositories; sent only to the endpoint's own host. */
  hfToken: z.string().max(512).nullable(),

  // The local engine's conversation state cache and prompt lookup (issue 15).
  /**
   * The most bytes of evaluated conversation state kept on disk (least recently used go first);
   * null: the smaller of 4 GB and 10% of the free disk; 0 keeps none.
   */
  stateCacheMaxBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  /** Prompt lookup decoding: text the reply repeats from the user's message is checked several tokens at a time. */
  promptLookup: z.boolean(),
  theme: ThemeSchema,

  // The desktop assistant: quick prompt, tray, login item, updates (issue 16).
  ...DESKTOP_SETTINGS_FIELDS,
  // The local OpenAI-compatible API server (issue 14): off until the user turns it on.
  apiServerEnabled: z.boolean(),
  /** 127.0.0.1 only; 1024 and up, so Hearth never needs privileges to listen. */
  apiServerPort: z.number().int().min(1024).max(65_535),
  /** Whether API requests are written into the history as conversations (off: they leave no trace). */
  apiKeepHistory: z.boolean(),

  // Remote engines (issue 14): OpenAI-compatible servers elsewhere, contacted only when chosen.
  remoteEndpoints: z.array(RemoteEndpointSchema).max(20),
  /** Where replies are made: null is this computer, otherwise the id of one of `remoteEndpoints`. */
  engineChoice: z.string().max(64).nullable(),
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
  samplingValues: null,
  savedPresets: [],
  systemPrompt: '',
  threads: null,
  contextSize: null,
  hfEndpoint: null,
  hfToken: null,
  stateCacheMaxBytes: null,
  promptLookup: true,
  theme: 'system',
  ...DEFAULT_DESKTOP_SETTINGS,
  apiServerEnabled: false,
  apiServerPort: DEFAULT_API_PORT,
  apiKeepHistory: false,
  remoteEndpoints: [],
  engineChoice: null,
}

/** Settings that take effect only when the model is loaded again: changing one reloads it. */
const RELOAD_SETTINGS = [
  'modelPath',
  'threads',
  'contextSize',
] as const satisfies readonly (keyof Settings)[]

/** Whether going from `before` to `after` needs the model reloaded. */
export function needsReload(
  before: Settings | PublicSettings,
  after: Settings | PublicSettings,
): boolean {
  return RELOAD_SETTINGS.some((key) => before[key] !== after[key])
}
