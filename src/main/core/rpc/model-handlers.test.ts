import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeHfServer, type FakeHfServer } from '../../../../e2e/fixtures/fake-hf-server'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { createCore, type Core } from '../create-core'

const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
const silent = { info: () => undefined, error: () => undefined }

/** The models channels through the real core: real engine, real files, the fake Hugging Face. */
describe('models channels', () => {
  let core: Core
  let dataDir: string
  let fake: FakeHfServer
  const previousEndpoint = process.env.HF_ENDPOINT

  beforeAll(async () => {
    const data = await readFile(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
    fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }] })
    process.env.HF_ENDPOINT = fake.url
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-models-rpc-'))
    core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
    await core.start()
  }, 120_000)

  afterAll(async () => {
    await core.dispose()
    await fake.close()
    await rm(dataDir, { recursive: true, force: true })
    if (previousEndpoint === undefined) delete process.env.HF_ENDPOINT
    else process.env.HF_ENDPOINT = previousEndpoint
  })

  it('downloads the default model on first run, loads it, and protects it while loaded', async () => {
    const ready = new Promise<AppStatus>((resolve) => {
      const off = core.events.on('app.statusChanged', (status) => {
        if (status.state === 'ready' || status.state === 'error') {
          off()
          resolve(status)
        }
      })
    })
    const phases: string[] = []
    core.events.on('models.downloadChanged', (status) => phases.push(status.phase))
    const catalogue = await core.dispatch('models.catalogue', {})
    expect(catalogue).toMatchObject({
      ok: true,
      value: { defaultModelId: 'llama3-iterative-dpo-final' },
    })
    const fit = await core.dispatch('models.fit', { modelId: 'llama3-iterative-dpo-final' })
    expect(fit).toMatchObject({ ok: true, value: { contextSize: 8192 } })

    const started = await core.dispatch('models.download', {
      modelId: 'llama3-iterative-dpo-final',
      quant: 'Q4_K_M',
    })
    expect(started).toMatchObject({ ok: true, value: { phase: 'checking' } })
    const status = await ready
    expect(status.state).toBe('ready')
    expect(phases).toContain('done')
    const path = join(dataDir, 'models', 'bartowski', 'LLaMA3-iterative-DPO-final-GGUF', FILE)
    expect(status.modelPath).toBe(path)

    const installed = await core.dispatch('models.installed', {})
    expect(installed).toEqual({
      ok: true,
      value: { models: [expect.objectContaining({ path, quant: 'Q4_K_M', active: true })] },
    })
    const settings = await core.dispatch('settings.get', {})
    expect(settings).toMatchObject({ ok: true, value: { modelPath: path } })
    const refused = await core.dispatch('models.delete', { path })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    const downloads = await core.dispatch('models.downloads', {})
    expect(downloads).toMatchObject({ ok: true, value: { downloads: [{ phase: 'done', path }] } })
  }, 120_000)

  it('refuses a file that is not GGUF and never loads it', async () => {
    const bogus = join(dataDir, 'bogus.gguf')
    await writeFile(bogus, 'not a model at all')
    const added = await core.dispatch('models.addLocal', { path: bogus })
    expect(added).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    const activated = await core.dispatch('models.activate', { path: bogus })
    expect(activated).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    expect(core.engine.getStatus().state).toBe('ready')
  })
})
