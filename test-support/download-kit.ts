/**
 * Shared by the download tests (imported whole: `import * as kit from …/download-kit`): a temp
 * models folder, the fake Hugging Face with one file, and a DownloadManager over both that records
 * every status it emits.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import {
  seededBytes,
  startFakeHfServer,
  type FakeHfServer,
  type FakeHfServerOptions,
} from '../e2e/fixtures/fake-hf-server'
import type { DownloadStatus } from '../src/shared/contract/schemas/models'
import {
  DownloadManager,
  type DownloadManagerOptions,
} from '../src/main/core/models/download/download-manager'
import { Recorder } from './recorder'

export const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
export const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
export const SIZE = 3 * 1024 * 1024
export const TARGET = { name: 'LLaMA3-iterative-DPO-final Q4_K_M', repo: REPO, file: FILE }
export const data = seededBytes(SIZE, 'model-1')
export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** The temp folder and fake of the running test; both are cleaned up after each test. */
export const current: { dir: string; fake: FakeHfServer | null } = { dir: '', fake: null }

/** Registers the per-test temp folder and the fake's shutdown. */
export function useDownloadKit(): void {
  beforeEach(async () => {
    current.dir = await mkdtemp(path.join(tmpdir(), 'hearth-dl-'))
  })
  afterEach(async () => {
    await current.fake?.close()
    current.fake = null
    await rm(current.dir, { recursive: true, force: true })
  })
}

export async function serve(extra: Partial<FakeHfServerOptions> = {}): Promise<FakeHfServer> {
  current.fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }], ...extra })
  return current.fake
}

/**
 * A DownloadManager on the kit's folder and `server`: `seen` holds every status it emitted, and
 * `reached(match)` resolves with the first that matches (awaited, never polled).
 */
export function manager(server: FakeHfServer, extra: Partial<DownloadManagerOptions> = {}) {
  const m = new DownloadManager({
    modelsDir: current.dir,
    hub: () => ({ endpoint: server.url }),
    diskFree: async () => 1e12,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    progressIntervalMs: 50,
    ...extra,
  })
  const statuses = new Recorder<DownloadStatus>()
  m.onStatus(statuses.push)
  return {
    m,
    seen: statuses.items,
    reached: (match: (status: DownloadStatus) => boolean) => statuses.reached(match),
  }
}

/** A status that says at least `bytes` of the file are written. */
export const pastBytes =
  (bytes: number) =>
  (status: DownloadStatus): boolean =>
    status.phase === 'downloading' && status.bytesDone > bytes

/** The fake's faults for the kit's file (slow, dropped, failing, changed answers). */
export const faults = (server: FakeHfServer): ReturnType<FakeHfServer['faults']> =>
  server.faults(REPO, FILE)

/** Where `m` puts the kit's file. */
export const destination = (m: DownloadManager): string => m.destinationFor(REPO, FILE)

export const byteRequests = (server: FakeHfServer): FakeHfServer['requests'] =>
  server.requests.filter((r) => r.url.includes('/cdn/') && r.method === 'GET')
