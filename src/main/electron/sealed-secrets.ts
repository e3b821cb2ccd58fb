import type { SecretSealer } from '../core/settings/secrets'

/** What a value sealed by the OS keychain starts with in secrets.json. */
const SEALED_PREFIX = 'safeStorage:'

/** The part of Electron's safeStorage the sealer uses (a fake in tests). */
export interface KeychainCipher {
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
}

/**
 * A sealer over the OS keychain (Electron's safeStorage), or null where it would not protect
 * anything: encryption unavailable, or Linux without a keyring ("basic_text" is a fixed key). Then
 * the core keeps the 0600 file, as headless mode does.
 */
export function keychainSealer(options: {
  available: boolean
  backend: string | null
  cipher: KeychainCipher
}): SecretSealer | null {
  if (!options.available || options.backend === 'basic_text' || options.backend === 'unknown')
    return null
  const { cipher } = options
  return {
    where: 'your system keychain (sealed with its key in secrets.json)',
    seal: (plain) => `${SEALED_PREFIX}${cipher.encryptString(plain).toString('base64')}`,
    unseal(sealed) {
      // A plain value from headless mode or an earlier version: read it; the next write seals it.
      if (!sealed.startsWith(SEALED_PREFIX)) return sealed
      return cipher.decryptString(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'))
    },
  }
}
