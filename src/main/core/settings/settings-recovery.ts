import { rm } from 'node:fs/promises'
import { SettingsSchema, type Settings } from '../../../shared/contract/schemas/settings'
import { writeFileAtomic } from './atomic-file'

/** What could be kept from a settings file: each field that still parses on its own. */
export interface SalvagedSettings {
  kept: Partial<Settings>
  /** Fields that were present but did not parse (reset to their defaults). */
  dropped: string[]
  /** False when the file was not even a JSON object. */
  readable: boolean
}

type SettingsKey = keyof typeof SettingsSchema.shape
const SETTINGS_KEYS = Object.keys(SettingsSchema.shape) as SettingsKey[]

/**
 * Keeps every field of a parsed settings file that passes its own schema, so one bad value (a
 * hand-edited thread count, a field a newer version changed) resets that field, not every setting,
 * the model path and the token with it (issue 10). Unknown fields are ignored, as before.
 */
export function salvageSettings(parsed: unknown): SalvagedSettings {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kept: {}, dropped: [], readable: false }
  }
  const fields = parsed as Record<string, unknown>
  const kept: Record<string, unknown> = {}
  const dropped: string[] = []
  for (const key of SETTINGS_KEYS) {
    if (!(key in fields)) continue
    const field = SettingsSchema.shape[key].safeParse(fields[key])
    if (field.success) kept[key] = field.data
    else dropped.push(key)
  }
  // Each value passed its field's schema; only the object's shape is asserted here.
  const whole = SettingsSchema.partial().safeParse(kept)
  return { kept: whole.success ? whole.data : {}, dropped, readable: true }
}

/** A JSON value's token fields, and anything shaped like a Hugging Face token, blanked out. */
const TOKEN_FIELD = /("hfToken"\s*:\s*)"(?:[^"\\]|\\.)*"/g
const TOKEN_LIKE = /hf_[A-Za-z0-9]{8,}/g

/**
 * Moves a damaged settings file to `<path>.damaged-<time>` (mode 0600), never deleting what the
 * user had, but with any token taken out: a copy lying around must not become a second place a
 * secret lives. Returns the new path.
 */
export async function moveAsideWithoutSecrets(
  path: string,
  raw: string,
  parsed: unknown,
  now: Date,
): Promise<string> {
  const aside = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`
  let copy: string
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const { hfToken, ...rest } = parsed as Record<string, unknown>
    copy = `${JSON.stringify(rest, null, 2)}\n`
  } else {
    copy = raw.replace(TOKEN_FIELD, '$1""').replace(TOKEN_LIKE, 'hf_…')
  }
  await writeFileAtomic(aside, copy, 0o600)
  await rm(path, { force: true })
  return aside
}
