import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
})
