import { findLlamaServer, startLlamaServer } from '../scripts/llama-server.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { RemoteEngine } from '../src/main/core/engine/remote/remote-engine'
import { BENCH_PROMPT, benchSampling, type ReplyTiming } from './bench-core'
import { pairedRounds } from './paired'
import type { Figures, Goal } from './stats'

export interface RemoteStreamBenchOptions {
  modelPath?: string
  threads: number
  tokens: number
  rounds: number
  log: (line: string) => void
}

/** Issue 14's goal for the remote engine's figure. */
export const REMOTE_BENCH_GOALS: Record<string, Goal> = { 'remote.stream_ratio': { min: 0.98 } }

/** Times the pieces of one reply: TTFT from the start, decode over the pieces after the first. */
function timing(started: number, times: readonly number[], cpuStart: NodeJS.CpuUsage): ReplyTiming {
  const first = times[0] ?? started
  const last = times.at(-1) ?? first
  const cpu = process.cpuUsage(cpuStart)
  return {
    ttftMs: first - started,
    tokensPerSecond: times.length > 1 ? (times.length - 1) / ((last - first) / 1000) : 0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}

/**
 * The baseline: the same request read as raw server-sent events with fetch, each `data:` event
 * with text timed as it arrives, nothing else done with it.
 */
async function rawSseReply(baseUrl: string, body: string): Promise<ReplyTiming> {
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  })
  if (response.body === null) throw new Error('remote bench: no body')
  const times: number[] = []
  const decoder = new TextDecoder()
  let buffered = ''
  // The DOM typings leave a stream's chunks untyped; a fetch body's are bytes.
  for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(bytes, { stream: true })
    let end = buffered.indexOf('\n\n')
    while (end >= 0) {
      const event = buffered.slice(0, end)
      buffered = buffered.slice(end + 2)
      if (event.includes('"content":"') && !event.includes('"content":""')) {
        times.push(performance.now())
      }
      end = buffered.indexOf('\n\n')
    }
  }
  return timing(started, times, cpuStart)
}

/**
 * `remote.stream_ratio`: tokens per second through Hearth's remote engine (the openai client, its
 * event parsing and the abort wiring) divided by a raw SSE read of the same request from the same
 * llama.cpp server, in alternating rounds. Skipped, saying why, when llama-server is not built.
 */
export async function runRemoteStreamBench(options: RemoteStreamBenchOptions): Promise<Figures> {
  const server = findLlamaServer()
  if ('missing' in server) {
    options.log(`remote: skipped, ${server.missing}`)
    return {}
  }
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'endless', preset: 'bench' }))
  const llama = await startLlamaServer({
    binary: server.path,
    modelPath,
    threads: options.threads,
    contextSize: 1024,
  })
  options.log(
    `remote: llama-server on ${modelPath}, ${options.tokens} tokens, ${options.rounds} rounds`,
  )
  const sampling = benchSampling(options.tokens)
  const engine = new RemoteEngine({
    endpoint: { id: 'bench', name: 'llama.cpp', baseUrl: llama.baseUrl, modelId: llama.modelId },
    apiKey: null,
  })
  const body = JSON.stringify({
    model: llama.modelId,
    messages: [{ role: 'user', content: BENCH_PROMPT }],
    stream: true,
    stream_options: { include_usage: true },
    temperature: sampling.temperature,
    top_p: sampling.topP,
    max_tokens: sampling.maxTokens,
    seed: sampling.seed,
  })
  const hearth = async (): Promise<ReplyTiming> => {
    const started = performance.now()
    const cpuStart = process.cpuUsage()
    const times: number[] = []
    const result = await engine.generate({
      history: [{ role: 'user', text: BENCH_PROMPT }],
      systemPrompt: '',
      sampling,
      signal: new AbortController().signal,
      onTextChunk: () => times.push(performance.now()),
    })
    if (!result.ok) throw new Error(`remote bench: ${result.error.message}`)
    return timing(started, times, cpuStart)
  }
  try {
    const result = await pairedRounds({
      a: hearth,
      b: () => rawSseReply(llama.baseUrl, body),
      rounds: options.rounds,
      tokens: options.tokens,
      log: options.log,
      names: ['hearth', 'raw'],
    })
    return {
      'remote.stream_ratio': result.ratio,
      'remote.tokens_per_s': result.a.tokensPerSecond,
    }
  } finally {
    await engine.dispose()
    await llama.stop()
  }
}
