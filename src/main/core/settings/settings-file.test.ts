import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { SettingsFile } from './settings-file'

describe('SettingsFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-settings-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('starts from defaults and persists an update atomically', async () => {
    const file = new SettingsFile(dir)
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
    const again = new SettingsFile(dir)
    expect((await again.load()).settings.modelPath).toBe('/m/model.gguf')
  })

  it('moves an unreadable file aside, never deletes it, and starts with defaults', async () => {
    await writeFile(join(dir, 'settings.json'), '{ this is not json')
    const loaded = await new SettingsFile(dir).load()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(loaded.notice).toContain('moved to')
    const names = await readdir(dir)
    expect(names.some((name) => name.startsWith('settings.json.unreadable-'))).toBe(true)
  })

  it('says so when the folder cannot be written, and keeps the old settings', async () => {
    const file = new SettingsFile(join(dir, 'missing-parent-is-a-file'))
    await writeFile(join(dir, 'missing-parent-is-a-file'), 'occupied')
    const result = await file.update({ systemPrompt: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    expect(file.current).toEqual(DEFAULT_SETTINGS)
  })
})
