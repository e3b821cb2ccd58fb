import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../src/main/core/create-core'
import type { SamplingOptions } from '../src/main/core/engine/engine'
import { samplingFor } from '../src/main/core/engine/sampling'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { median, type Figures } from './stats'

export interface PersistRatioOptions {
  modelPath?: string
  threads: number
  /** Tokens per reply (default 256). */
  tokens?: number
  /** Timed rounds per side, alternating (default 9). */
  rounds?: number
  log: (line: string) => void
}

const PROMPT = 'Write a long story about a warm fireplace.'
const silent = { info: () => undefined, error: () => undefined }

function benchSampling(tokens: number): SamplingOptions {
  return { ...samplingFor('model-card'), maxTokens: tokens, seed: 1234 }
}

/** A whole core on its own data folder; persistence on (the default 250 ms) or off. */
async function startCore(
  modelPath: string,
  threads: number,
  tokens: number,
  persist: boolean,
): Promise<{ core: Core; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-persist-bench-'))
  const core = await createCore({
    dataDir,
    modelPathOverride: modelPath,
    threads,
    sampling: () => benchSampling(tokens),
    autoTitles: false,
    ...(persist ? {} : { persistIntervalMs: false as const }),
    log: silent,
  })
  await core.start()
  if (core.engine.getStatus().state !== 'ready')
    throw new Error(`model did not load: ${core.engine.getStatus().error?.message}`)
  return { core, dataDir }
}

/** Decode speed of one reply through chat.send, from its first delta to chat.done. */
async function replySpeed(core: Core): Promise<number> {
  let firstDelta = 0
  const stopDelta = core.events.on('chat.delta', () => {
    firstDelta ||= performance.now()
  })
  const done = new Promise<number>((resolve) => {
    const stop = core.events.on('chat.done', (payload) => {
      stop()
      resolve(payload.stats?.tokenCount ?? 0)
    })
  })
  const sent = await core.dispatch('chat.send', { text: PROMPT })
  if (!sent.ok) throw new Error(sent.error.message)
  const count = await done
  const ended = performance.now()
  stopDelta()
  return (count - 1) / ((ended - firstDelta) / 1000)
}

/**
 * `history.persist_ratio`: tokens per second of a reply with streaming persistence on, divided by
 * the same reply with it off (`persistIntervalMs: false`), same model, same run. Both cores load
 * the model; rounds alternate the sides so drift in machine load hits both alike; the figure is
 * the median of the rounds' ratios.
 */
export async function runPersistRatioBench(options: PersistRatioOptions): Promise<Figures> {
  const tokens = options.tokens ?? 256
  const rounds = options.rounds ?? 9
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'endless', preset: 'bench' }))
  options.log(`persist: ${modelPath}, ${tokens} tokens, ${rounds} rounds`)
  const on = await startCore(modelPath, options.threads, tokens, true)
  const off = await startCore(modelPath, options.threads, tokens, false)
  try {
    await replySpeed(on.core)
    await replySpeed(off.core)
    const onRuns: number[] = []
    const offRuns: number[] = []
    for (let round = 0; round < rounds; round += 1) {
      // Alternate which side goes first, so neither always follows the other's cleanup.
      if (round % 2 === 0) {
        onRuns.push(await replySpeed(on.core))
        offRuns.push(await replySpeed(off.core))
      } else {
        offRuns.push(await replySpeed(off.core))
        onRuns.push(await replySpeed(on.core))
      }
      options.log(
        `  round ${round + 1}: persist on ${onRuns.at(-1)?.toFixed(1)} tok/s, off ${offRuns.at(-1)?.toFixed(1)} tok/s`,
      )
    }
    const onSpeed = median(onRuns)
    const offSpeed = median(offRuns)
    // The median of each round's own ratio: a burst of load from elsewhere on the machine spoils
    // one round's pair, not the figure.
    const ratios = onRuns.map((on, i) => on / (offRuns[i] ?? on))
    return {
      'history.persist_ratio': median(ratios),
      'history.persist_on_tokens_per_s': onSpeed,
      'history.persist_off_tokens_per_s': offSpeed,
    }
  } finally {
    for (const side of [on, off]) {
      await side.core.dispose()
      await rm(side.dataDir, { recursive: true, force: true })
    }
  }
}
