import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'

/** The part of Electron's safeStorage used here (a fake in tests). */
export interface KeychainCipher {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
}

/** Where the keychain-sealed secrets key lives in the data folder. */
export const SECRETS_KEY_FILE = 'secrets-key.sealed'

/**
 * The key that seals the core's secrets (the Hugging Face token), itself sealed by the OS keychain
 * (Electron's safeStorage) in the data folder: made on first use, read afterwards. Null where the
 * keychain would protect nothing (no encryption, or Linux's "basic_text" fixed key): the core then
 * keeps the token in its 0600 file, as headless mode does. A key the keychain can no longer open
 * (another user, a reinstalled OS) is replaced; the token must then be entered again.
 */
export async function keychainSecretsKey(
  dataDir: string,
  cipher: KeychainCipher,
  backend: string | null,
): Promise<Buffer | null> {
  if (!cipher.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown')
    return null
  const path = join(dataDir, SECRETS_KEY_FILE)
  try {
    const key = Buffer.from(cipher.decryptString(await readFile(path)), 'base64')
    if (key.length === 32) return key
  } catch {
    // Missing, or sealed by a keychain that is not this one: make a new key below.
  }
  const key = randomBytes(32)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.tmp`
  const handle = await open(temporary, 'w', 0o600)
  try {
    await handle.writeFile(cipher.encryptString(key.toString('base64')))
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await chmod(path, 0o600)
  return key
}
