import { getLlama, LlamaChatSession } from 'node-llama-cpp'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../src/main/core/create-core'
import type { SamplingOptions } from '../src/main/core/engine/engine'
import { samplingFor } from '../src/main/core/engine/sampling'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { median, type Figures } from './stats'

export interface DecodeBenchOptions {
  modelPath?: string
  threads: number
  tokens: number
  rounds: number
  log: (line: string) => void
}

interface Run {
  ttftMs: number
  tokensPerSecond: number
}

const PROMPT = 'Write a long story about a warm fireplace.'
const CONTEXT = 2048
const silent = { info: () => undefined, error: () => undefined }

/** The model card's sampling on both sides, a fixed seed, and a fixed reply length. */
function benchSampling(tokens: number): SamplingOptions {
  return { ...samplingFor('model-card'), maxTokens: tokens, seed: 1234 }
}

/** Raw node-llama-cpp with nothing around it: a chat session prompted directly. */
async function rawRunner(modelPath: string, threads: number, tokens: number) {
  const llama = await getLlama({ gpu: 'auto', build: 'never', progressLogs: false })
  const model = await llama.loadModel({ modelPath, gpuLayers: 'auto' })
  const context = await model.createContext({ contextSize: { max: CONTEXT }, threads })
  const session = new LlamaChatSession({ contextSequence: context.getSequence() })
  const sampling = benchSampling(tokens)
  const run = async (): Promise<Run> => {
    session.setChatHistory([])
    const started = performance.now()
    let first = 0
    let count = 0
    await session.prompt(PROMPT, {
      maxTokens: sampling.maxTokens,
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      repeatPenalty: false,
      seed: sampling.seed,
      onToken: (chunk) => {
        if (count === 0) first = performance.now()
        count += chunk.length
      },
    })
    const ended = performance.now()
    return { ttftMs: first - started, tokensPerSecond: (count - 1) / ((ended - first) / 1000) }
  }
  return { run, dispose: () => model.dispose() }
}

/** Hearth's whole path: chat.send through dispatch, the engine, the delta batcher and the events. */
async function hearthRunner(modelPath: string, threads: number, tokens: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'))
  const core = await createCore({
    dataDir,
    modelPathOverride: modelPath,
    threads,
    sampling: () => benchSampling(tokens),
    log: silent,
  })
  await core.start()
  if (core.engine.getStatus().state !== 'ready')
    throw new Error(`model did not load: ${core.engine.getStatus().error?.message}`)
  const run = async (): Promise<Run> => {
    let firstDelta = 0
    const started = performance.now()
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
    return {
      ttftMs: firstDelta - started,
      tokensPerSecond: (count - 1) / ((ended - firstDelta) / 1000),
    }
  }
  return {
    run,
    dispose: async () => {
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * `engine.decode_ratio`: decode speed of a reply through Hearth's engine and event path divided by
 * raw node-llama-cpp on the same model, same sampling, same run. Rounds alternate the two sides so
 * drift in machine load hits both alike; medians are reported.
 */
export async function runEngineDecodeBench(options: DecodeBenchOptions): Promise<Figures> {
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'endless', preset: 'bench' }))
  options.log(
    `engine: ${modelPath}, ${options.tokens} tokens, ${options.threads} thread(s), ${options.rounds} rounds`,
  )
  const raw = await rawRunner(modelPath, options.threads, options.tokens)
  const hearth = await hearthRunner(modelPath, options.threads, options.tokens)
  try {
    await raw.run()
    await hearth.run()
    const rawRuns: Run[] = []
    const hearthRuns: Run[] = []
    for (let round = 0; round < options.rounds; round += 1) {
      rawRuns.push(await raw.run())
      hearthRuns.push(await hearth.run())
      options.log(
        `  round ${round + 1}: raw ${rawRuns.at(-1)?.tokensPerSecond.toFixed(1)} tok/s, hearth ${hearthRuns.at(-1)?.tokensPerSecond.toFixed(1)} tok/s`,
      )
    }
    const rawSpeed = median(rawRuns.map((r) => r.tokensPerSecond))
    const hearthSpeed = median(hearthRuns.map((r) => r.tokensPerSecond))
    return {
      'engine.decode_ratio': hearthSpeed / rawSpeed,
      'engine.tokens_per_s': hearthSpeed,
      'engine.raw_tokens_per_s': rawSpeed,
      'engine.ttft_ms': median(hearthRuns.map((r) => r.ttftMs)),
      'engine.raw_ttft_ms': median(rawRuns.map((r) => r.ttftMs)),
    }
  } finally {
    await hearth.dispose()
    await raw.dispose()
  }
}
