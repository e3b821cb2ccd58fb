import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/contract/schemas/settings'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { SecretStore } from './secrets'

export interface LoadedSettings {
  settings: Settings
  /** Set when the file existed but could not be used; it was moved aside, never deleted. */
  notice: string | null
}

/**
 * Settings live in one JSON file in the data folder, parsed by the shared schema and written
 * atomically (a temporary file renamed over the old one), so a crash mid-write leaves either the old
 * or the new file, never half of one. The Hugging Face token is not in that file: it lives in the
 * secret store, and `current` carries it for the core's own use only.
 */
export class SettingsFile {
  readonly path: string
  readonly #secrets: SecretStore
  #current: Settings = DEFAULT_SETTINGS

  constructor(dataDir: string, secrets: SecretStore) {
    this.path = join(dataDir, 'settings.json')
    this.#secrets = secrets
  }

  /** The settings with the token from the secret store; never send this across the wire as is. */
  get current(): Settings {
    return { ...this.#current, hfToken: this.#secrets.get('hfToken') }
  }

  async load(): Promise<LoadedSettings> {
    let raw: string
    try {
      raw = await readFile(this.path, 'utf8')
    } catch (cause) {
      if (isMissing(cause)) return { settings: this.current, notice: null }
      throw cause
    }
    const parsed = safeJson(raw)
    const result = SettingsSchema.partial().safeParse(parsed)
    if (!result.success) {
      const aside = `${this.path}.unreadable-${Date.now()}`
      await rename(this.path, aside)
      return {
        settings: this.current,
        notice: `Your settings file could not be read and was moved to ${aside}; Hearth started with default settings.`,
      }
    }
    const { hfToken: tokenInFile, ...fromFile } = result.data
    this.#current = { ...DEFAULT_SETTINGS, ...fromFile, hfToken: null }
    if (tokenInFile !== undefined) {
      // Versions before the secret store kept the token in settings.json: move it out of the file.
      if (tokenInFile !== null && this.#secrets.get('hfToken') === null) {
        const moved = await this.#secrets.set('hfToken', tokenInFile)
        if (!moved.ok) return { settings: this.current, notice: moved.error.message }
      }
      const rewritten = await this.#write(this.#current)
      if (!rewritten.ok) return { settings: this.current, notice: rewritten.error.message }
    }
    return { settings: this.current, notice: null }
  }

  async update(patch: SettingsPatch): Promise<Result<Settings>> {
    const { hfToken, ...rest } = patch
    if (hfToken !== undefined) {
      const saved = await this.#secrets.set('hfToken', hfToken === '' ? null : hfToken)
      if (!saved.ok) return saved
    }
    const next = SettingsSchema.parse({ ...this.#current, ...rest, hfToken: null })
    const written = await this.#write(next)
    if (!written.ok) return written
    this.#current = next
    return ok(this.current)
  }

  async #write(next: Settings): Promise<Result<void>> {
    try {
      await mkdir(dirname(this.path), { recursive: true })
      const temporary = `${this.path}.${process.pid}.tmp`
      await writeFile(temporary, `${JSON.stringify(withoutSecrets(next), null, 2)}\n`)
      await rename(temporary, this.path)
    } catch (cause) {
      const code = errorCode(cause)
      if (code === 'ENOSPC')
        return err(
          'DISK_FULL',
          'The disk is full: your settings were not saved. Free some space and try again.',
        )
      // Any other file-system refusal (read-only volume, permissions, a file where the folder should be).
      if (code !== undefined) {
        return err(
          'READ_ONLY',
          `Hearth cannot write to ${dirname(this.path)} (${code}): your settings were not saved.`,
        )
      }
      throw cause
    }
    return ok(undefined)
  }
}

/** What settings.json holds: everything but the token, which lives in the secret store. */
function withoutSecrets(settings: Settings): Omit<Settings, 'hfToken'> {
  const { hfToken, ...rest } = settings
  void hfToken
  return rest
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return null
  }
}

function errorCode(cause: unknown): string | undefined {
  return typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    typeof cause.code === 'string'
    ? cause.code
    : undefined
}

function isMissing(cause: unknown): boolean {
  return errorCode(cause) === 'ENOENT'
}
