import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsSchema } from '../../../shared/contract/schemas/settings'
import { createCore, type Core } from '../create-core'

const silent = { info: () => undefined, error: () => undefined }

/** The settings channels through the real core: the token is write-only across the wire. */
describe('settings channels', () => {
  let core: Core
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-settings-rpc-'))
    core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
  })
  afterEach(async () => {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('takes a token but only ever answers whether one is set', async () => {
    const updated = await core.dispatch('settings.update', { hfToken: 'hf_top_secret' })
    expect(updated).toMatchObject({ ok: true, value: { hfTokenSet: true } })
    expect(JSON.stringify(updated)).not.toContain('hf_top_secret')
    const read = await core.dispatch('settings.get', {})
    expect(read).toMatchObject({ ok: true, value: { hfTokenSet: true } })
    expect(JSON.stringify(read)).not.toContain('hf_top_secret')
    const cleared = await core.dispatch('settings.update', { hfToken: null })
    expect(cleared).toMatchObject({ ok: true, value: { hfTokenSet: false } })
  })

  it('survives 200 rounds of two updates at once: every update saved, the file always readable', async () => {
    const failures: string[] = []
    for (let round = 0; round < 200; round++) {
      const results = await Promise.all([
        core.dispatch('settings.update', { systemPrompt: `round ${round}` }),
        core.dispatch('settings.update', { threads: (round % 8) + 1 }),
      ])
      for (const result of results) if (!result.ok) failures.push(result.error.message)
      const onDisk = SettingsSchema.omit({ hfToken: true }).safeParse(
        JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')),
      )
      if (!onDisk.success) failures.push(`round ${round}: settings.json does not parse`)
    }
    expect(failures).toEqual([])
    const read = await core.dispatch('settings.get', {})
    expect(read).toMatchObject({ ok: true, value: { systemPrompt: 'round 199', threads: 8 } })
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})

/** A damaged settings file at start: the user hears about it through `app.notices`. */
describe('a damaged settings file', () => {
  it('is recovered at start and named in a notice the window shows', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hearth-settings-notice-'))
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ systemPrompt: 'Keep me.', contextSize: 'huge' }),
    )
    const core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
    try {
      const notices = await core.dispatch('app.notices', {})
      expect(notices).toMatchObject({
        ok: true,
        value: { notices: [{ kind: 'settings-recovered' }] },
      })
      const damagedFile = notices.ok
        ? (notices.value as { notices: { damagedFile: string | null }[] }).notices[0]?.damagedFile
        : null
      expect(damagedFile).toContain(join(dataDir, 'settings.json.damaged-'))
      const read = await core.dispatch('settings.get', {})
      expect(read).toMatchObject({
        ok: true,
        value: { systemPrompt: 'Keep me.', contextSize: null },
      })
    } finally {
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
