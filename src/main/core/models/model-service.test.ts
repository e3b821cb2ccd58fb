import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  seededBytes,
  startFakeHfServer,
  type FakeHfServer,
} from '../../../../e2e/fixtures/fake-hf-server'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import { ok, type Result } from '../../../shared/contract/result'
import type { DownloadStatus } from '../../../shared/contract/schemas/models'
import {
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsPatch,
} from '../../../shared/contract/schemas/settings'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { DEFAULT_MODEL_ID } from './catalogue'
import { ModelService } from './model-service'
import { NO_MODEL_STATUS } from '../engine/engine'
import { Recorder } from '../../../../test-support/recorder'

const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
const GB = 1_000_000_000

const idle: AppStatus = NO_MODEL_STATUS

let modelPath: string
let modelBytes: Buffer
let dir: string
let fake: FakeHfServer
let service: ModelService | null = null

beforeAll(async () => {
  modelPath = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
  modelBytes = await readFile(modelPath)
}, 120_000)

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-models-'))
  fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data: modelBytes }] })
})

afterEach(async () => {
  await service?.close()
  service = null
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})

/** A service over a settings object and an engine stand-in that "loads" what settings say. */
function build(options: { vramBytes?: number; state?: AppStatus } = {}) {
  let settings: Settings = { ...DEFAULT_SETTINGS, hfEndpoint: fake.url }
  let status: AppStatus = options.state ?? idle
  const downloads = new Recorder<DownloadStatus>()
  const loads: (string | null)[] = []
  const s = new ModelService({
    dataDir: dir,
    settings: {
      get current() {
        return settings
      },
      async update(patch: SettingsPatch): Promise<Result<Settings>> {
        settings = { ...settings, ...patch }
        return ok(settings)
      },
    },
    status: () => status,
    reloadModel: async () => {
      loads.push(settings.modelPath)
      status =
        settings.modelPath === null
          ? idle
          : { ...idle, state: 'ready', modelPath: settings.modelPath, modelName: 'm' }
    },
    onDownloadChanged: downloads.push,
    memory: async () => ({ ramBytes: 16 * GB, vramBytes: options.vramBytes ?? 0 }),
    download: {
      diskFree: async () => 1e12,
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      progressIntervalMs: 50,
    },
  })
  service = s
  const patch = (p: SettingsPatch): void => void (settings = { ...settings, ...p })
  return {
    s,
    events: downloads.items,
    reached: (match: (status: DownloadStatus) => boolean) => downloads.reached(match),
    loads,
    settings: () => settings,
    patch,
    status: () => status,
  }
}

describe('ModelService', () => {
  it('lists the catalogue and fits its quants to the machine', async () => {
    const { s } = build({ vramBytes: 24 * GB })
    expect(s.catalogue().defaultModelId).toBe(DEFAULT_MODEL_ID)
    expect(s.catalogue().entries).toHaveLength(2)
    const fit = await s.fit(DEFAULT_MODEL_ID)
    expect(fit.ok && fit.value.recommended).toBe('Q4_K_M')
    expect(fit.ok && fit.value.quants.find((q) => q.quant === 'Q4_K_M')?.label).toBe(
      'Fits on the GPU',
    )
    const cpu = await build({ vramBytes: 0 }).s.fit(DEFAULT_MODEL_ID)
    expect(cpu.ok && cpu.value.quants.every((q) => q.fit === 'cpu')).toBe(true)
    expect((await s.fit('nope')).ok).toBe(false)
  })

  it('downloads a catalogue model, emits progress, then activates it when none is loaded', async () => {
    const { s, events, loads, status } = build()
    await s.start()
    const started = s.download({ modelId: DEFAULT_MODEL_ID, quant: 'Q4_K_M' })
    expect(started.ok).toBe(true)
    const id = started.ok ? started.value.downloadId : ''
    const done = await s.downloads.wait(id)
    expect(done.ok && done.value.phase).toBe('done')
    await s.settled()
    const dest = path.join(dir, 'models', ...REPO.split('/'), FILE)
    expect(await readFile(dest)).toEqual(modelBytes)
    expect(events.map((e) => e.phase)).toContain('done')
    expect(loads).toEqual([dest])
    expect(status().modelPath).toBe(dest)
    const installed = await s.installed()
    expect(installed).toEqual([
      {
        path: dest,
        name: 'LLaMA3-iterative-DPO-final Q4_K_M',
        sizeBytes: modelBytes.length,
        quant: 'Q4_K_M',
        repo: REPO,
        active: true,
      },
    ])
  })

  it('shows a verified download that is not a GGUF as failed and keeps it off the list', async () => {
    const notGguf = seededBytes(200_000, 'not-a-model')
    fake.setFile(REPO, FILE, notGguf)
    const { s, loads } = build()
    const started = s.download({ source: `hf:${REPO}/${FILE}` })
    const final = await s.downloads.wait(started.ok ? started.value.downloadId : '')
    expect(final.ok && final.value.error).toEqual({
      code: 'NOT_GGUF',
      message: `${FILE.replace('.gguf', '')} matches Hugging Face's checksum, but it is not a GGUF model file Hearth can load, so Hearth deleted it. Pick another file.`,
    })
    expect(final.ok && final.value.path).toBeNull()
    await s.settled()
    expect(loads).toEqual([])
    expect(await s.installed()).toEqual([])
    expect(existsSync(path.join(dir, 'models', ...REPO.split('/'), FILE))).toBe(false)
  })

  it('reads the endpoint and token from settings when each download starts', async () => {
    const { s, patch } = build()
    patch({ hfEndpoint: 'http://127.0.0.1:1' })
    const first = s.download({ source: `hf:${REPO}/${FILE}` })
    const id = first.ok ? first.value.downloadId : ''
    const failed = await s.downloads.wait(id)
    expect(failed.ok && failed.value.error?.message).toMatch(/Could not reach Hugging Face/)
    // Fixed in Settings, no restart: the retry uses the new endpoint.
    patch({ hfEndpoint: fake.url, hfToken: 'hf_new_token' })
    expect(s.downloads.resume(id).ok).toBe(true)
    const done = await s.downloads.wait(id)
    expect(done.ok && done.value.phase).toBe('done')
    const hub = fake.requests.filter((r) => r.server === 'hub')
    expect(hub.every((r) => r.headers.authorization === 'Bearer hf_new_token')).toBe(true)
  })

  it('does not switch away from a loaded model when a download finishes', async () => {
    const other = path.join(dir, 'other.gguf')
    await copyFile(modelPath, other)
    const { s, loads } = build({ state: { ...idle, state: 'ready', modelPath: other } })
    const started = s.download({ source: `hf:${REPO}/${FILE}` })
    const done = await s.downloads.wait(started.ok ? started.value.downloadId : '')
    expect(done.ok && done.value.phase).toBe('done')
    await s.settled()
    expect(loads).toEqual([])
    const installed = await s.installed()
    expect(installed.map((m) => [path.basename(m.path), m.active])).toEqual([
      [FILE, false],
      ['other.gguf', true],
    ])
  })

  it('lists a download interrupted by an earlier run as paused and resumes it', async () => {
    fake.faults(REPO, FILE).bytesPerSecond = 200_000
    const first = build()
    const started = first.s.download({ modelId: DEFAULT_MODEL_ID, quant: 'Q4_K_M' })
    const id = started.ok ? started.value.downloadId : ''
    await first.reached((e) => e.phase === 'downloading' && e.bytesDone > 0)
    await first.s.close() // the app quits: the part and its sidecar stay
    service = null
    fake.faults(REPO, FILE).bytesPerSecond = null

    const second = build()
    await second.s.start()
    const listed = second.s.downloads.list()
    expect(listed.map((d) => [d.downloadId, d.phase])).toEqual([[id, 'paused']])
    expect(listed[0]?.bytesDone).toBeGreaterThan(0)
    expect(second.events.map((e) => e.phase)).toEqual(['paused'])
    expect(second.s.downloads.resume(id).ok).toBe(true)
    const done = await second.s.downloads.wait(id)
    expect(done.ok && done.value.phase).toBe('done')
    expect(await readFile(done.ok ? (done.value.path ?? '') : '')).toEqual(modelBytes)
  })

  it('adds a local GGUF to a list that survives a restart, and refuses a file that is not one', async () => {
    const local = path.join(dir, 'elsewhere', 'mine.gguf')
    await mkdir(path.dirname(local), { recursive: true })
    await copyFile(modelPath, local)
    const { s } = build()
    const added = await s.addLocal(local)
    expect(added.ok && added.value).toMatchObject({ path: local, repo: null, active: false })

    const fakeGguf = path.join(dir, 'notes.gguf')
    await writeFile(fakeGguf, 'just some text, not a model')
    const refused = await s.addLocal(fakeGguf)
    expect(!refused.ok && refused.error.code).toBe('NOT_GGUF')
    const activated = await s.activate(fakeGguf)
    expect(!activated.ok && activated.error.code).toBe('NOT_GGUF')
    const txt = await s.addLocal(path.join(dir, 'notes.txt'))
    expect(!txt.ok && txt.error.code).toBe('NOT_GGUF')

    await s.close()
    const again = build()
    await again.s.start()
    expect((await again.s.installed()).map((m) => m.path)).toEqual([local])
  })

  it('activates a model through settings, refuses to delete it while loaded, deletes otherwise', async () => {
    const local = path.join(dir, 'mine.gguf')
    await copyFile(modelPath, local)
    const dest = path.join(dir, 'models', ...REPO.split('/'), FILE)
    await mkdir(path.dirname(dest), { recursive: true })
    await copyFile(modelPath, dest)
    const { s, settings, loads } = build()
    await s.start()
    expect((await s.addLocal(local)).ok).toBe(true)

    const activated = await s.activate(dest)
    expect(activated.ok && activated.value.state).toBe('ready')
    expect(settings().modelPath).toBe(dest)
    const busy = await s.delete(dest)
    expect(!busy.ok && busy.error.code).toBe('BUSY')
    expect(existsSync(dest)).toBe(true)

    expect((await s.activate(local)).ok).toBe(true)
    expect(loads).toEqual([dest, local])
    expect(await s.delete(dest)).toEqual({ ok: true, value: { deleted: true } })
    expect(existsSync(dest)).toBe(false)

    // Outside the models folder and never added: not Hearth's to delete.
    const stranger = path.join(dir, 'stranger.gguf')
    await copyFile(modelPath, stranger)
    const refused = await s.delete(stranger)
    expect(!refused.ok && refused.error.code).toBe('NOT_FOUND')
    expect(existsSync(stranger)).toBe(true)

    // A user-added file leaves the list but stays on disk once it is no longer loaded.
    expect((await s.activate(stranger)).ok).toBe(true)
    expect(await s.delete(local)).toEqual({ ok: true, value: { deleted: false } })
    expect(existsSync(local)).toBe(true)
    expect((await s.installed()).map((m) => m.path)).toEqual([stranger])
  })
})
