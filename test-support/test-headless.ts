import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../src/main/core/create-core'
import { startHeadlessServer, type HeadlessServer } from '../src/main/headless/server'
import type { ConnectionLimits } from '../src/main/headless/ws-connection'

/** A real core in a temp folder and the real headless server over it, for tests and benchmarks. */
export interface TestHeadless {
  core: Core
  server: HeadlessServer
  dataDir: string
  close(): Promise<void>
}

const silent = { info: () => undefined, error: () => undefined }

/** Starts a core (one thread, no automatic titles, quiet) and the headless server on port 0. */
export async function startTestHeadless(
  options: { limits?: Partial<ConnectionLimits>; maxConnections?: number } = {},
): Promise<TestHeadless> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-test-headless-'))
  const core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
  const server = await startHeadlessServer({ core, rendererDir: dataDir, port: 0, ...options })
  return {
    core,
    server,
    dataDir,
    async close() {
      await server.close()
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
