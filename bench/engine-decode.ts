import { getLlama, LlamaChatSession } from 'node-llama-cpp'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { BENCH_PROMPT, benchSampling, startBenchCore, type ReplyTiming } from './bench-core'
import { balancedPairs } from './paired'
import type { Figures } from './stats'

export interface DecodeBenchOptions {
  modelPath?: string
  threads: number
  tokens: number
  rounds: number
  log: (line: string) => void
}

/** Raw node-llama-cpp with nothing around it: a chat session prompted directly, same context size. */
async function rawRunner(modelPath: string, threads: number, tokens: number) {
  const llama = await getLlama({ gpu: 'auto', build: 'never', progressLogs: false })
  const model = await llama.loadModel({ modelPath, gpuLayers: 'auto' })
  const context = await model.createContext({ contextSize: { max: 8192 }, threads })
  const session = new LlamaChatSession({ contextSequence: context.getSequence() })
  const sampling = benchSampling(tokens)
  const run = async (): Promise<ReplyTiming> => {
    session.setChatHistory([])
    const started = performance.now()
    const cpuStart = process.cpuUsage()
    let first = 0
    let count = 0
    await session.prompt(BENCH_PROMPT, {
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
    const cpu = process.cpuUsage(cpuStart)
    return {
      ttftMs: first - started,
      tokensPerSecond: (count - 1) / ((ended - first) / 1000),
      cpuMs: (cpu.user + cpu.system) / 1000,
    }
  }
  return { run, dispose: () => model.dispose() }
}

/**
 * `engine.decode_ratio`: decode speed of a reply through Hearth's engine and event path (chat.send,
 * the delta batcher, the events and streaming persistence) divided by raw node-llama-cpp on the
 * same model with the same sampling, in the same run.
 */
export async function runEngineDecodeBench(options: DecodeBenchOptions): Promise<Figures> {
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'endless', preset: 'bench' }))
  options.log(
    `engine: ${modelPath}, ${options.tokens} tokens, ${options.threads} thread(s), ${options.rounds} rounds`,
  )
  const result = await balancedPairs({
    createA: async () => {
      const hearth = await startBenchCore({
        modelPath,
        threads: options.threads,
        tokens: options.tokens,
      })
      return { run: hearth.reply, dispose: hearth.dispose }
    },
    createB: () => rawRunner(modelPath, options.threads, options.tokens),
    rounds: options.rounds,
    tokens: options.tokens,
    log: options.log,
    names: ['hearth', 'raw'],
  })
  return {
    'engine.decode_ratio': result.ratio,
    'engine.decode_cpu_ratio': result.cpuRatio,
    'engine.tokens_per_s': result.a.tokensPerSecond,
    'engine.raw_tokens_per_s': result.b.tokensPerSecond,
    'engine.ttft_ms': result.a.ttftMs,
    'engine.raw_ttft_ms': result.b.ttftMs,
  }
}
