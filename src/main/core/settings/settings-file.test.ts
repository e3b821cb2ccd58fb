import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
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

  it('moves an unreadable file aside without the token, never deletes it, and names the copy', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      '{ "hfToken": "hf_abcdefghijklmnop", this is not json',
    )
    const loaded = await (await settingsIn(dir)).load()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(loaded.notice).toMatchObject({ kind: 'settings-recovered' })
    const aside = loaded.notice?.damagedFile ?? ''
    expect(aside).toContain('settings.json.damaged-')
    const copy = await readFile(aside, 'utf8')
    expect(copy).toContain('this is not json')
    expect(copy).not.toContain('hf_abcdefghijklmnop')
    expect((await stat(aside)).mode & 0o777).toBe(0o600)
    // The file in place is sound again, so the next start is quiet.
    expect((await (await settingsIn(dir)).load()).notice).toBeNull()
  })

  it('keeps every field that still parses when one fails its schema', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        modelPath: '/models/mine.gguf',
        systemPrompt: 'Be brief.',
        threads: -4,
        hfToken: 'hf_kept_in_the_secret_store',
      }),
    )
    const file = await settingsIn(dir)
    const loaded = await file.load()
    expect(loaded.settings).toMatchObject({
      modelPath: '/models/mine.gguf',
      systemPrompt: 'Be brief.',
      threads: null,
      hfToken: 'hf_kept_in_the_secret_store',
    })
    expect(loaded.notice?.message).toContain('threads was reset')
    const copy = await readFile(loaded.notice?.damagedFile ?? '', 'utf8')
    expect(JSON.parse(copy)).toMatchObject({ threads: -4, modelPath: '/models/mine.gguf' })
    expect(copy).not.toContain('hf_kept_in_the_secret_store')
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toMatchObject({
      modelPath: '/models/mine.gguf',
      threads: null,
    })
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).toContain(
      'hf_kept_in_the_secret_store',
    )
  })

  it("reports a folder in the file's place instead of failing to start", async () => {
    await mkdir(join(dir, 'settings.json'))
    const file = await settingsIn(dir)
    const loaded = await file.load()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(loaded.notice).toMatchObject({ kind: 'settings-unavailable' })
    expect(loaded.notice?.message).toContain('is a folder')
    const result = await file.update({ systemPrompt: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    if (!result.ok) expect(result.error.message).toContain('is a folder')
  })

  it('applies updates made at the same moment one after another, losing none', async () => {
    const file = await settingsIn(dir)
    await file.load()
    const results = await Promise.all([
      file.update({ systemPrompt: 'first' }),
      file.update({ threads: 3 }),
      file.update({ contextSize: 512 }),
    ])
    expect(results.every((result) => result.ok)).toBe(true)
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toMatchObject({
      systemPrompt: 'first',
      threads: 3,
      contextSize: 512,
    })
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
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
