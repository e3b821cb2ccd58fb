import { observeEngine, startApiHarness, type ObservedRun } from '../test-support/api-server'
import { BENCH_PROMPT } from './bench-core'
import { median } from './stats'
import type { Figures, Goal } from './stats'

export interface ApiStreamBenchOptions {
  modelPath?: string
  threads: number
  tokens: number
  rounds: number
  log: (line: string) => void
}

/** Issue 14's goals for the API server's figures. */
export const API_BENCH_GOALS: Record<string, Goal> = {
  'api.stream_ratio': { min: 0.97 },
  'api.ttft_overhead_ms': { max: 5 },
}

/** Decode speed as llama-bench counts it: tokens after the first over the time after the first. */
function rate(times: readonly number[]): number {
  const first = times[0]
  const last = times.at(-1)
  if (first === undefined || last === undefined || last <= first) return 0
  return (times.length - 1) / ((last - first) / 1000)
}

/**
 * `api.stream_ratio` and `api.ttft_overhead_ms`: the official `openai` client streams replies
 * from Hearth's API server on the generated endless model. Each reply is timed at both ends in the
 * same process: when each piece left the engine, and when the client received it. The ratio is the
 * client's rate over the engine's for the same reply (median over rounds); the TTFT overhead is
 * the client's time to first text minus the engine's (from being called to its first text): what
 * HTTP, the queue, parsing and server-sent events add.
 */
export async function runApiStreamBench(options: ApiStreamBenchOptions): Promise<Figures> {
  const runs: ObservedRun[] = []
  const api = await startApiHarness({
    variant: 'endless',
    preset: 'bench',
    threads: options.threads,
    ...(options.modelPath === undefined ? {} : { modelPath: options.modelPath }),
    wrap: (engine) => observeEngine(engine, runs),
  })
  options.log(`api: ${api.modelId}, ${options.tokens} tokens, ${options.rounds} rounds`)
  const client = api.client()
  const ratios: number[] = []
  const overheads: number[] = []
  const clientRates: number[] = []
  try {
    // One warm-up: the first request pays for the connection and the engine's first evaluation.
    for (let round = -1; round < options.rounds; round += 1) {
      const received: number[] = []
      const started = performance.now()
      const stream = await client.chat.completions.create({
        model: api.modelId,
        messages: [{ role: 'user', content: BENCH_PROMPT }],
        stream: true,
        max_tokens: options.tokens,
        seed: 1234,
      })
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received.push(performance.now())
      }
      const run = runs.at(-1)
      const engineFirst = run?.chunkTimes[0]
      const clientFirst = received[0]
      if (run === undefined || engineFirst === undefined || clientFirst === undefined) {
        throw new Error('api bench: a reply streamed no text')
      }
      if (round < 0) continue
      const engineRate = rate(run.chunkTimes)
      const clientRate = rate(received)
      ratios.push(clientRate / engineRate)
      clientRates.push(clientRate)
      overheads.push(clientFirst - started - (engineFirst - run.calledAt))
      options.log(
        `  round ${round + 1}: ${received.length} pieces, client ${clientRate.toFixed(1)} tok/s, engine ${engineRate.toFixed(1)} tok/s, TTFT overhead ${overheads.at(-1)?.toFixed(2)} ms`,
      )
    }
  } finally {
    await api.close()
  }
  return {
    'api.stream_ratio': median(ratios),
    'api.ttft_overhead_ms': median(overheads),
    'api.tokens_per_s': median(clientRates),
  }
}
