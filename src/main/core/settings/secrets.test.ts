import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSecretStore, type SecretSealer } from './secrets'

describe('openSecretStore', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-secrets-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('persists a secret in a file only its owner can read, and removes it with null', async () => {
    const store = await openSecretStore(dir)
    expect(store.get('hfToken')).toBeNull()
    expect(await store.set('hfToken', 'hf_abc')).toEqual({ ok: true, value: undefined })
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600)
    expect((await openSecretStore(dir)).get('hfToken')).toBe('hf_abc')
    await store.set('hfToken', null)
    expect((await openSecretStore(dir)).get('hfToken')).toBeNull()
  })

  it('seals values with the shell’s sealer and treats an unsealable value as unset', async () => {
    const reversing: SecretSealer = {
      seal: (plain) => plain.split('').reverse().join(''),
      unseal: (sealed) => sealed.split('').reverse().join(''),
      where: 'test',
    }
    const store = await openSecretStore(dir, reversing)
    await store.set('hfToken', 'hf_abc')
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).toContain('cba_fh')
    expect((await openSecretStore(dir, reversing)).get('hfToken')).toBe('hf_abc')
    const refusing: SecretSealer = {
      ...reversing,
      unseal: () => {
        throw new Error('sealed by another user')
      },
    }
    expect((await openSecretStore(dir, refusing)).get('hfToken')).toBeNull()
  })

  it('starts empty from a damaged file and replaces it on the next change', async () => {
    await writeFile(join(dir, 'secrets.json'), '{ not json')
    const store = await openSecretStore(dir)
    expect(store.get('hfToken')).toBeNull()
    await store.set('hfToken', 'hf_new')
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({
      hfToken: 'hf_new',
    })
  })

  it('keeps the old value and says so when the folder cannot be written', async () => {
    await writeFile(join(dir, 'occupied'), 'a file where the folder should be')
    const store = await openSecretStore(join(dir, 'occupied'))
    const result = await store.set('hfToken', 'hf_x')
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    expect(store.get('hfToken')).toBeNull()
  })
})
