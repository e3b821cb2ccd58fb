/**
 * Shared by the download tests: a temp models folder, the fake Hugging Face with one file, and a
 * DownloadManager over both that records every status it emits.
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

export const REPO = 'bartowski/LLaMA3-iterative-DPO-final-GGUF'
export const FILE = 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf'
export const SIZE = 3 * 1024 * 1024
export const TARGET = { name: 'LLaMA3-iterative-DPO-final Q4_K_M', repo: REPO, file: FILE }
export const data = seededBytes(SIZE, 'model-1')
export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** The temp folder and fake of the running test; both are cleaned up after each test. */
export const kit: { dir: string; fake: FakeHfServer | null } = { dir: '', fake: null }

/** Registers the per-test temp folder and the fake's shutdown. */
export function useDownloadKit(): void {
  beforeEach(async () => {
    kit.dir = await mkdtemp(path.join(tmpdir(), 'hearth-dl-'))
  })
  afterEach(async () => {
    await kit.fake?.close()
    kit.fake = null
    await rm(kit.dir, { recursive: true, force: true })
  })
}

export async function serve(extra: Partial<FakeHfServerOptions> = {}): Promise<FakeHfServer> {
  kit.fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data }], ...extra })
  return kit.fake
}

export function manager(server: FakeHfServer, extra: Partial<DownloadManagerOptions> = {}) {
  const m = new DownloadManager({
    modelsDir: kit.dir,
    hub: () => ({ endpoint: server.url }),
    diskFree: async () => 1e12,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    progressIntervalMs: 50,
    ...extra,
  })
  const seen: DownloadStatus[] = []
  m.onStatus((s) => seen.push(s))
  return { m, seen }
}

/** Polls (real time: these tests run real servers and processes) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const byteRequests = (server: FakeHfServer): FakeHfServer['requests'] =>
  server.requests.filter((r) => r.url.includes('/cdn/') && r.method === 'GET')
