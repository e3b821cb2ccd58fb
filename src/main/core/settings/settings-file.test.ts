import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { SettingsFile } from './settings-file'
import { openSecretStore } from './secrets'

async function settingsIn(dir: string): Promise<SettingsFile> {
  return new SettingsFile(dir, await openSecretStore(dir))
}

describe('SettingsFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-settings-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('starts from defaults and persists an update atomically', async () => {
    const file = await settingsIn(dir)
    expect((await file.load()).settings).toEqual(DEFAULT_SETTINGS)
    const updated = await file.update({ samplingPreset: 'llama3', modelPath: '/m/model.gguf' })
    expect(updated).toMatchObject({
      ok: true,
      value: { samplingPreset: 'llama3', modelPath: '/m/model.gguf' },
    })
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toMatchObject({
      samplingPreset: 'llama3',
    })
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    const again = await settingsIn(dir)
    expect((await again.load()).settings.modelPath).toBe('/m/model.gguf')
  })

  it('moves an unreadable file aside, never deletes it, and starts with defaults', async () => {
    await writeFile(join(dir, 'settings.json'), '{ this is not json')
    const loaded = await (await settingsIn(dir)).load()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(loaded.notice).toContain('moved to')
    const names = await readdir(dir)
    expect(names.some((name) => name.startsWith('settings.json.unreadable-'))).toBe(true)
  })

  it('says so when the folder cannot be written, and keeps the old settings', async () => {
    await writeFile(join(dir, 'missing-parent-is-a-file'), 'occupied')
    const file = await settingsIn(join(dir, 'missing-parent-is-a-file'))
    const result = await file.update({ systemPrompt: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    expect(file.current).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps the token in the 0600 secrets file, never in settings.json', async () => {
    const file = await settingsIn(dir)
    await file.load()
    const updated = await file.update({ hfToken: 'hf_secret_value', systemPrompt: 'Be brief.' })
    expect(updated).toMatchObject({ ok: true, value: { hfToken: 'hf_secret_value' } })
    expect(await readFile(file.path, 'utf8')).not.toContain('hf_secret_value')
    const secretsPath = join(dir, 'secrets.json')
    expect(await readFile(secretsPath, 'utf8')).toContain('hf_secret_value')
    expect((await stat(secretsPath)).mode & 0o777).toBe(0o600)
    const again = await settingsIn(dir)
    await again.load()
    expect(again.current).toMatchObject({ hfToken: 'hf_secret_value', systemPrompt: 'Be brief.' })
    await again.update({ hfToken: null })
    expect(again.current.hfToken).toBeNull()
    expect(await readFile(secretsPath, 'utf8')).not.toContain('hf_secret_value')
  })

  it('moves a token left in settings.json by an earlier version into the secret store', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ samplingPreset: 'llama3', hfToken: 'hf_from_old_version' }),
    )
    const file = await settingsIn(dir)
    const loaded = await file.load()
    expect(loaded.notice).toBeNull()
    expect(loaded.settings).toMatchObject({
      samplingPreset: 'llama3',
      hfToken: 'hf_from_old_version',
    })
    expect(await readFile(file.path, 'utf8')).not.toContain('hf_from_old_version')
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toMatchObject({
      samplingPreset: 'llama3',
    })
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).toContain('hf_from_old_version')
  })
})
