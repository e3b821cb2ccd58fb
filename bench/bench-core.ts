import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../src/main/core/create-core'
import type { SamplingOptions } from '../src/main/core/engine/engine'
import { samplingFor } from '../src/main/core/engine/sampling'

export const BENCH_PROMPT = 'Write a long story about a warm fireplace.'
const silent = { info: () => undefined, error: () => undefined }

/** The model card's sampling, a fixed seed and a fixed reply length: the same on every side. */
export function benchSampling(tokens: number): SamplingOptions {
  return { ...samplingFor('model-card'), maxTokens: tokens, seed: 1234 }
}

/** One measured reply. */
export interface ReplyTiming {
  ttftMs: number
  /** Tokens after the first over the time after the first (llama-bench's tg convention). */
  tokensPerSecond: number
  /** Process CPU time over the reply: unlike wall time, not inflated by other tenants' load. */
  cpuMs: number
}

export interface BenchCore {
  core: Core
  reply: () => Promise<ReplyTiming>
  dispose: () => Promise<void>
}

/**
 * A whole Hearth core on its own data folder, measured through `chat.send`, the engine, the delta
 * batcher and the events, as the app runs it. Titles are off: a background title would compete
 * with the next measured reply.
 */
export async function startBenchCore(options: {
  modelPath: string
  threads: number
  tokens: number
}): Promise<BenchCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'))
  const core = await createCore({
    dataDir,
    modelPathOverride: options.modelPath,
    threads: options.threads,
    sampling: () => benchSampling(options.tokens),
    autoTitles: false,
    log: silent,
  })
  await core.start()
  const status = core.engine.getStatus()
  if (status.state !== 'ready') throw new Error(`model did not load: ${status.error?.message}`)
  return {
    core,
    reply: () => timeReply(core),
    async dispose() {
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

async function timeReply(core: Core): Promise<ReplyTiming> {
  let firstDelta = 0
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const stopDelta = core.events.on('chat.delta', () => {
    firstDelta ||= performance.now()
  })
  const done = new Promise<number>((resolve) => {
    const stop = core.events.on('chat.done', (payload) => {
      stop()
      resolve(payload.stats?.tokenCount ?? 0)
    })
  })
  const sent = await core.dispatch('chat.send', { text: BENCH_PROMPT })
  if (!sent.ok) throw new Error(sent.error.message)
  const count = await done
  const ended = performance.now()
  const cpu = process.cpuUsage(cpuStart)
  stopDelta()
  return {
    ttftMs: firstDelta - started,
    tokensPerSecond: (count - 1) / ((ended - firstDelta) / 1000),
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}
