import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { StoreNotice } from '../../../shared/contract/schemas/conversations'
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/contract/schemas/settings'
import { err, ok, type Result } from '../../../shared/contract/result'
import { SerialQueue, writeFileAtomic } from './atomic-file'
import type { SecretStore } from './secrets'
import { moveAsideWithoutSecrets, salvageSettings } from './settings-recovery'

export interface LoadedSettings {
  settings: Settings
  /** Set when the file existed but could not be used as it was; the user sees it at start. */
  notice: StoreNotice | null
}

/**
 * Settings live in one JSON file in the data folder, parsed by the shared schema and written
 * atomically by one writer at a time (a uniquely named temporary file, flushed, renamed over the old
 * one), so a crash or two updates at once leave either the old or the new file, never half of one.
 * The Hugging Face token is not in that file: it lives in the secret store, and `current` carries it
 * for the core's own use only.
 */
export class SettingsFile {
  readonly path: string
  readonly #secrets: SecretStore
  readonly #writes = new SerialQueue()
  readonly #now: () => Date
  #current: Settings = DEFAULT_SETTINGS

  constructor(dataDir: string, secrets: SecretStore, now: () => Date = () => new Date()) {
    this.path = join(dataDir, 'settings.json')
    this.#secrets = secrets
    this.#now = now
  }

  /** The settings with the token from the secret store; never send this across the wire as is. */
  get current(): Settings {
    return { ...this.#current, hfToken: this.#secrets.get('hfToken') }
  }

  /**
   * Reads the file. A damaged one (not JSON, or a field that fails its schema) keeps every field that
   * still parses, is moved aside without its token, and the notice names the copy. A file that
   * cannot be read at all (a folder in its place, no permission) is reported and left alone.
   */
  async load(): Promise<LoadedSettings> {
    let raw: string
    try {
      raw = await readFile(this.path, 'utf8')
    } catch (cause) {
      const code = errorCode(cause)
      if (code === 'ENOENT') return { settings: this.current, notice: null }
      return { settings: this.current, notice: this.#unavailable(code) }
    }
    const parsed = safeJson(raw)
    const salvaged = salvageSettings(parsed)
    const damaged = !salvaged.readable || salvaged.dropped.length > 0
    const { hfToken: tokenInFile, ...fromFile } = salvaged.kept
    this.#current = { ...DEFAULT_SETTINGS, ...fromFile, hfToken: null }
    let notice: StoreNotice | null = null
    if (damaged) {
      try {
        const aside = await moveAsideWithoutSecrets(this.path, raw, parsed, this.#now())
        notice = recoveredNotice(aside, salvaged.dropped, salvaged.readable)
      } catch (cause) {
        // Cannot even move it: leave the file as it is and run on what could be read.
        return { settings: this.current, notice: this.#unavailable(errorCode(cause)) }
      }
    }
    if (
      tokenInFile !== undefined &&
      tokenInFile !== null &&
      this.#secrets.get('hfToken') === null
    ) {
      // Versions before the secret store kept the token in settings.json: move it out of the file.
      const moved = await this.#secrets.set('hfToken', tokenInFile)
      if (!moved.ok)
        return { settings: this.current, notice: notice ?? unavailable(moved.error.message) }
    }
    if (damaged || tokenInFile !== undefined) {
      const rewritten = await this.#writes.run(() => this.#write(this.#current))
      if (!rewritten.ok) {
        return { settings: this.current, notice: notice ?? unavailable(rewritten.error.message) }
      }
    }
    return { settings: this.current, notice }
  }

  /** Applies a change; updates run one at a time, each on top of the one before. */
  update(patch: SettingsPatch): Promise<Result<Settings>> {
    return this.#writes.run(async () => {
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
    })
  }

  async #write(next: Settings): Promise<Result<void>> {
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(withoutSecrets(next), null, 2)}\n`)
    } catch (cause) {
      const code = errorCode(cause)
      if (code === 'ENOSPC')
        return err(
          'DISK_FULL',
          'The disk is full: your settings were not saved. Free some space and try again.',
        )
      if (code === 'EISDIR') return err('READ_ONLY', this.#folderInTheWay())
      // Any other file-system refusal (read-only volume, permissions, a file where the folder should be).
      if (code !== undefined) {
        return err(
          'READ_ONLY',
          `Hearth cannot write to ${dirname(this.path)}: your settings were not saved. Check that the folder exists and can be written.`,
        )
      }
      throw cause
    }
    return ok(undefined)
  }

  #unavailable(code: string | undefined): StoreNotice {
    if (code === 'EISDIR') return unavailable(this.#folderInTheWay())
    return unavailable(
      `Hearth could not read its settings file ${this.path}: it started with default settings and left the file as it is.`,
    )
  }

  #folderInTheWay(): string {
    return `${this.path} is a folder, not a settings file: Hearth is using default settings and cannot save changes until that folder is moved or renamed.`
  }
}

function unavailable(message: string): StoreNotice {
  return { kind: 'settings-unavailable', message, damagedFile: null, backupFile: null }
}

function recoveredNotice(aside: string, dropped: string[], readable: boolean): StoreNotice {
  const what = readable
    ? `Your settings file was damaged: ${dropped.join(', ')} ${dropped.length === 1 ? 'was' : 'were'} reset to the default and every other setting was kept.`
    : 'Your settings file could not be read: Hearth started with default settings.'
  return {
    kind: 'settings-recovered',
    message: `${what} A copy of the damaged file (without your token) was moved aside.`,
    damagedFile: aside,
    backupFile: null,
  }
}

/** What settings.json holds: everything but the token, which lives in the secret store. */
function withoutSecrets(settings: Settings): Omit<Settings, 'hfToken'> {
  const { hfToken, ...rest } = settings
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
