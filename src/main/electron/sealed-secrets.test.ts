import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsFile } from '../core/settings/settings-file'
import { openSecretStore } from '../core/settings/secrets'
import { keychainSealer, type KeychainCipher } from './sealed-secrets'

// Stands in for the OS keychain: a reversible transform that no plain-text reader would undo.
const cipher: KeychainCipher = {
  encryptString: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8'),
  decryptString: (sealed) => [...sealed.toString('utf8')].reverse().join(''),
}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-sealed-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('secrets sealed with the OS keychain', () => {
  it('keeps the token sealed on disk, in a 0600 file, and reads it back', async () => {
    const sealer = keychainSealer({ available: true, backend: 'gnome_libsecret', cipher })
    expect(sealer).not.toBeNull()
    if (sealer === null) return
    const store = await openSecretStore(dir, sealer)
    expect((await store.set('hfToken', 'hf_secret123')).ok).toBe(true)
    const onDisk = await readFile(join(dir, 'secrets.json'), 'utf8')
    expect(onDisk).not.toContain('hf_secret123')
    expect(onDisk).toContain('safeStorage:')
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600)
    expect((await openSecretStore(dir, sealer)).get('hfToken')).toBe('hf_secret123')
  })

  it('reads a plain token left by headless mode, and seals it on the next write', async () => {
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ hfToken: 'hf_plain' }))
    const sealer = keychainSealer({ available: true, backend: null, cipher })
    if (sealer === null) throw new Error('expected a sealer')
    const store = await openSecretStore(dir, sealer)
    expect(store.get('hfToken')).toBe('hf_plain')
    await store.set('hfToken', 'hf_plain')
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('hf_plain')
  })

  it('moves a token an earlier version left in settings.json into the keychain-sealed store', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ hfToken: 'hf_old' }))
    const sealer = keychainSealer({ available: true, backend: 'kwallet6', cipher })
    if (sealer === null) throw new Error('expected a sealer')
    const settings = new SettingsFile(dir, await openSecretStore(dir, sealer))
    expect((await settings.load()).notice).toBeNull()
    expect(settings.current.hfToken).toBe('hf_old')
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('hf_old')
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('hf_old')
    expect((await openSecretStore(dir, sealer)).get('hfToken')).toBe('hf_old')
  })

  it('falls back to the 0600 file where the keychain would protect nothing', () => {
    expect(keychainSealer({ available: false, backend: null, cipher })).toBeNull()
    expect(keychainSealer({ available: true, backend: 'basic_text', cipher })).toBeNull()
  })
})
