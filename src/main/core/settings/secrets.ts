import { chmod, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { err, ok, type Result } from '../../../shared/contract/result'
import { SerialQueue, writeFileAtomic } from './atomic-file'

/** The secrets Hearth keeps. Each name is known here so a typo cannot create a new one. */
const SECRET_NAMES = ['hfToken', 'apiServerKey'] as const
/** The fixed secrets, and one key per remote endpoint (`endpointKey:<endpoint id>`). */
export type SecretName = (typeof SECRET_NAMES)[number] | `endpointKey:${string}`

/** The secret that holds a remote endpoint's key. */
export function endpointKeyName(endpointId: string): SecretName {
  return `endpointKey:${endpointId}`
}

function isSecretName(name: string): name is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(name) || name.startsWith('endpointKey:')
}

/**
 * Where the core keeps secrets (the Hugging Face token, API keys). The shell lends it: Electron's
 * safeStorage in the app, a file readable only by the user in headless mode and tests. The core
 * never learns which, and never sends a secret's value to the renderer or a log.
 */
export interface SecretStore {
  /** The secret's value, or null when none is set. */
  get(name: SecretName): string | null
  /** Sets (or with null, removes) a secret and persists it before resolving. */
  set(name: SecretName, value: string | null): Promise<Result<void>>
  /** A human-readable description of where secrets are kept, for README-style notices. */
  readonly where: string
}

/**
 * How a secret is sealed before it reaches the disk. The headless shell stores plain text in a
 * 0600 file; the Electron shell seals with safeStorage (the OS keychain's key).
 */
export interface SecretSealer {
  seal(plain: string): string
  unseal(sealed: string): string
  readonly where: string
}

const PLAIN_SEALER: SecretSealer = {
  seal: (plain) => plain,
  unseal: (sealed) => sealed,
  where: 'a file readable only by you',
}

const SecretsFileSchema = z.record(z.string(), z.string())

/**
 * Opens the secrets file (`secrets.json` in the data folder), created with mode 0600. A file that
 * cannot be read is treated as empty and left where it is: the next `set` replaces it atomically.
 */
export async function openSecretStore(
  dataDir: string,
  sealer: SecretSealer = PLAIN_SEALER,
): Promise<SecretStore> {
  const path = join(dataDir, 'secrets.json')
  const values = new Map<SecretName, string>()
  try {
    const parsed = SecretsFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')))
    if (parsed.success) {
      for (const [name, sealed] of Object.entries(parsed.data)) {
        if (!isSecretName(name)) continue
        const plain = unsealOrNull(sealer, sealed)
        if (plain !== null) values.set(name, plain)
      }
    }
  } catch {
    // Missing or unreadable: start with no secrets (the user re-enters a token; nothing else is lost).
  }

  // One write at a time, so two quick changes never interleave on disk.
  const writes = new SerialQueue()
  const persist = async (): Promise<void> => {
    const sealed: Record<string, string> = {}
    for (const [name, value] of values) sealed[name] = sealer.seal(value)
    await writeFileAtomic(path, `${JSON.stringify(sealed)}\n`, 0o600)
    // A file created before this version may have wider permissions.
    await chmod(path, 0o600)
  }

  return {
    where: sealer.where,
    get: (name) => values.get(name) ?? null,
    async set(name, value) {
      const previous = values.get(name)
      if (value === null) values.delete(name)
      else values.set(name, value)
      try {
        await writes.run(persist)
        return ok(undefined)
      } catch {
        if (previous === undefined) values.delete(name)
        else values.set(name, previous)
        return err('READ_ONLY', `Hearth could not save the secret in ${dirname(path)}.`)
      }
    },
  }
}

function unsealOrNull(sealer: SecretSealer, sealed: string): string | null {
  try {
    return sealer.unseal(sealed)
  } catch {
    // Sealed on another machine or by another OS user: unusable here, so treated as unset.
    return null
  }
}
