import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keySealer } from '../core/settings/key-sealer'
import { SettingsFile } from '../core/settings/settings-file'
import { openSecretStore } from '../core/settings/secrets'
import { keychainSecretsKey, SECRETS_KEY_FILE, type KeychainCipher } from './sealed-secrets'

// Stands in for the OS keychain: a reversible transform no plain-text reader would undo.
const keychain: KeychainCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(plain, 'utf8').reverse(),
  decryptString: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-sealed-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function sealedStore() {
  const key = await keychainSecretsKey(dir, keychain, 'gnome_libsecret')
  if (key === null) throw new Error('expected a key')
  return openSecretStore(dir, keySealer(key))
}

describe('secrets sealed with a key from the OS keychain', () => {
  it('keeps the key sealed in a 0600 file and the same across runs', async () => {
    const first = await keychainSecretsKey(dir, keychain, null)
    const second = await keychainSecretsKey(dir, keychain, null)
    expect(first?.length).toBe(32)
    expect(second?.equals(first ?? Buffer.alloc(0))).toBe(true)
    expect((await stat(join(dir, SECRETS_KEY_FILE))).mode & 0o777).toBe(0o600)
    expect(await readFile(join(dir, SECRETS_KEY_FILE), 'utf8')).not.toContain(
      first?.toString('base64') ?? '-',
    )
  })

  it('keeps the token sealed on disk, in a 0600 file, and reads it back in the next run', async () => {
    const store = await sealedStore()
    expect((await store.set('hfToken', 'hf_secret123')).ok).toBe(true)
    const onDisk = await readFile(join(dir, 'secrets.json'), 'utf8')
    expect(onDisk).not.toContain('hf_secret123')
    expect(onDisk).toContain('aes256gcm:')
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600)
    expect((await sealedStore()).get('hfToken')).toBe('hf_secret123')
  })

  it('reads a plain token left by headless mode, and seals it on the next write', async () => {
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ hfToken: 'hf_plain' }))
    const store = await sealedStore()
    expect(store.get('hfToken')).toBe('hf_plain')
    await store.set('hfToken', 'hf_plain')
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('hf_plain')
  })

  it('moves a token an earlier version left in settings.json into the sealed store', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ hfToken: 'hf_old' }))
    const settings = new SettingsFile(dir, await sealedStore())
    expect((await settings.load()).notice).toBeNull()
    expect(settings.current.hfToken).toBe('hf_old')
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('hf_old')
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('hf_old')
    expect((await sealedStore()).get('hfToken')).toBe('hf_old')
  })

  it('treats a value sealed under another key as unset, and needs no key where the keychain protects nothing', async () => {
    const store = await sealedStore()
    await store.set('hfToken', 'hf_x')
    const other = await openSecretStore(dir, keySealer(Buffer.alloc(32, 7)))
    expect(other.get('hfToken')).toBeNull()
    expect(
      await keychainSecretsKey(dir, { ...keychain, isEncryptionAvailable: () => false }, null),
    ).toBeNull()
    expect(await keychainSecretsKey(dir, keychain, 'basic_text')).toBeNull()
  })
})
