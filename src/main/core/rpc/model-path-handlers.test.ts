import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { createCore, type Core } from '../create-core'

const silent = { info: () => undefined, error: () => undefined }

/** Issue 10: a model path that blocks, through the real core and the real engine. */
describe('model paths over the channels', () => {
  let core: Core
  let dataDir: string
  let fifo: string

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-model-path-rpc-'))
    fifo = join(dataDir, 'blocking.gguf')
    execFileSync('mkfifo', [fifo])
    core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
  })
  afterEach(async () => {
    // Before issue 10 this never finished: the load held the engine's queue for good.
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('models.activate answers for a FIFO, a relative path and a folder, naming only what was given', async () => {
    const activated = await core.dispatch('models.activate', { path: fifo })
    expect(activated).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const folder = await core.dispatch('models.activate', { path: dataDir })
    expect(folder).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const relative = await core.dispatch('models.activate', { path: 'blocking.gguf' })
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(relative)).not.toContain(process.cwd())
  })

  it('a FIFO saved as the model path ends in an error status, not a load that never answers', async () => {
    const settled = new Promise<AppStatus>((resolve) => {
      const off = core.events.on('app.statusChanged', (status) => {
        if (status.state === 'error' || status.state === 'ready') {
          off()
          resolve(status)
        }
      })
    })
    expect(await core.dispatch('settings.update', { modelPath: fifo })).toMatchObject({ ok: true })
    expect(await settled).toMatchObject({ state: 'error', error: { code: 'NOT_FOUND' } })
  })

  it('models.delete removes only model files it manages, never other files in the models folder', async () => {
    const repo = join(dataDir, 'models', 'owner', 'repo')
    await mkdir(repo, { recursive: true })
    const others = ['model.gguf.part', 'model.gguf.part.json', 'notes.txt']
    for (const name of [...others, 'model.gguf']) await writeFile(join(repo, name), 'x')
    for (const name of others) {
      const refused = await core.dispatch('models.delete', { path: join(repo, name) })
      expect(refused, name).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(await core.dispatch('models.delete', { path: join(repo, 'model.gguf') })).toEqual({
      ok: true,
      value: { deleted: true },
    })
    expect((await readdir(repo)).sort()).toEqual([...others].sort())
    const relative = await core.dispatch('models.delete', { path: 'models/owner/repo/notes.txt' })
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(relative)).not.toContain(process.cwd())
  })
})
