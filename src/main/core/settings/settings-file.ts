import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/contract/schemas/settings'
import { err, ok, type Result } from '../../../shared/contract/result'

export interface LoadedSettings {
  settings: Settings
  /** Set when the file existed but could not be used; it was moved aside, never deleted. */
  notice: string | null
}

/**
 * Settings live in one JSON file in the data folder, parsed by the shared schema and written
 * atomically (a temporary file renamed over the old one), so a crash mid-write leaves either the old
 * or the new file, never half of one.
 */
export class SettingsFile {
  readonly path: string
  #current: Settings = DEFAULT_SETTINGS

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json')
  }

  get current(): Settings {
    return this.#current
  }

  async load(): Promise<LoadedSettings> {
    let raw: string
    try {
      raw = await readFile(this.path, 'utf8')
    } catch (cause) {
      if (isMissing(cause)) return { settings: this.#current, notice: null }
      throw cause
    }
    const parsed = safeJson(raw)
    const result = SettingsSchema.partial().safeParse(parsed)
    if (!result.success) {
      const aside = `${this.path}.unreadable-${Date.now()}`
      await rename(this.path, aside)
      return {
        settings: this.#current,
        notice: `Your settings file could not be read and was moved to ${aside}; Hearth started with default settings.`,
      }
    }
    this.#current = { ...DEFAULT_SETTINGS, ...result.data }
    return { settings: this.#current, notice: null }
  }

  async update(patch: SettingsPatch): Promise<Result<Settings>> {
    const next = SettingsSchema.parse({ ...this.#current, ...patch })
    try {
      await mkdir(dirname(this.path), { recursive: true })
      const temporary = `${this.path}.${process.pid}.tmp`
      await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`)
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
    this.#current = next
    return ok(next)
  }
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
