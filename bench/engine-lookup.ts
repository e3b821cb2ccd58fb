import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectedQuoteReply } from '../scripts/make-test-model.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import type { ChatTurn } from '../src/main/core/engine/engine'
import { LlamaEngine } from '../src/main/core/engine/llama-engine'
import { benchSampling, type ReplyTiming } from './bench-core'
import { pairedRounds } from './paired'
import type { Figures } from './stats'

export interface LookupBenchOptions {
  threads: number
  /** The generated quote model's size (default bench: a 302-token reply). */
  preset?: 'tiny' | 'bench'
  /** Timed pairs for the speedup (default 6); the overhead takes twice as many. */
  rounds?: number
  log: (line: string) => void
}

export const LOOKUP_BENCH_GOALS = {
  'engine.lookup_speedup': { min: 1.5 },
  'engine.lookup_overhead': { min: 0.97 },
} as const

/**
 * Prompt lookup decoding on the generated quote model (bench size, 302-token reply), one engine
 * whose `promptLookup` setting is switched between replies (the sequence is rebuilt and its state
 * restored from the cache, outside the timed decode):
 *
 * - `engine.lookup_speedup`: decode tokens per second of a reply that repeats the user's message
 *   (the user quotes the model's long answer, the model answers it again), with the predictor
 *   divided by without, median of alternating pairs; with the validated and refuted counts.
 * - `engine.lookup_overhead`: the same ratio for a reply that repeats nothing of a ~300-token
 *   message, where the predictor only searches.
 *
 * This measures the mechanism on a model whose every quoted token is right: gains on real text
 * depend on how much a real model's reply repeats of the user's message.
 */
export async function runEngineLookupBench(options: LookupBenchOptions): Promise<Figures> {
  const preset = options.preset ?? 'bench'
  const modelPath = await ensureTestModel({ variant: 'quote', preset })
  const quoted = expectedQuoteReply({ preset })
  const rounds = options.rounds ?? 6
  const dir = await mkdtemp(join(tmpdir(), 'hearth-lookup-'))
  let lookup = true
  const engine = new LlamaEngine({
    threads: options.threads,
    stateDir: dir,
    promptLookup: () => lookup,
    idleSaveMs: 3_600_000,
  })
  options.log(`lookup: ${modelPath}, ${options.threads} thread(s), ${rounds} pairs per figure`)
  try {
    const loaded = await engine.load(modelPath)
    if (!loaded.ok) throw new Error(loaded.error.message)
    const counts = { validated: 0, refuted: 0 }
    const reply = (conversationId: string, history: ChatTurn[], on: boolean) => async () => {
      lookup = on
      const timing = await timeReply(engine, conversationId, history)
      const turn = engine.diagnostics()?.lastTurn
      if (on && turn) Object.assign(counts, { validated: turn.validated, refuted: turn.refuted })
      return timing
    }
    const quoting: ChatTurn[] = [
      { role: 'user', text: 'Write something long.' },
      { role: 'assistant', text: quoted },
      { role: 'user', text: `Repeat this exactly: ${quoted}` },
    ]
    const speedup = await pairedRounds({
      a: reply('quote', quoting, true),
      b: reply('quote', quoting, false),
      rounds,
      tokens: 302,
      log: options.log,
      names: ['lookup on (quoting)', 'off'],
    })
    const quoteCounts = { ...counts }
    options.log(
      `  quoting: ${quoteCounts.validated} predictions validated, ${quoteCounts.refuted} refuted`,
    )
    const unrelated: ChatTurn[] = [{ role: 'user', text: 'Hello from Hearth. '.repeat(75) }]
    // A ratio near 1 whose goal sits 3 % below it: more pairs, so that the machine's noise (the
    // A/A figure of six pairs ranged 0.97 to 1.26 here) does not decide it.
    const overhead = await pairedRounds({
      a: reply('plain', unrelated, true),
      b: reply('plain', unrelated, false),
      rounds: rounds * 2,
      tokens: 302,
      log: options.log,
      names: ['lookup on (nothing to repeat)', 'off'],
    })
    options.log(`  nothing to repeat: ${counts.validated} validated, ${counts.refuted} refuted`)
    return {
      'engine.lookup_speedup': speedup.ratio,
      'engine.lookup_tokens_per_s': speedup.a.tokensPerSecond,
      'engine.lookup_off_tokens_per_s': speedup.b.tokensPerSecond,
      'engine.lookup_validated': quoteCounts.validated,
      'engine.lookup_refuted': quoteCounts.refuted,
      'engine.lookup_overhead': overhead.ratio,
      'engine.lookup_overhead_validated': counts.validated,
      'engine.lookup_overhead_refuted': counts.refuted,
    }
  } finally {
    await engine.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

/** One reply straight on the engine, timed from the first token to the last (llama-bench's tg). */
async function timeReply(
  engine: LlamaEngine,
  conversationId: string,
  history: ChatTurn[],
): Promise<ReplyTiming> {
  let first = 0
  let count = 0
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const result = await engine.generate({
    history,
    systemPrompt: '',
    sampling: benchSampling(400),
    signal: new AbortController().signal,
    conversationId,
    onTextChunk: () => {
      if (count === 0) first = performance.now()
      count += 1
    },
  })
  const ended = performance.now()
  const cpu = process.cpuUsage(cpuStart)
  if (!result.ok) throw new Error(result.error.message)
  const tokens = result.value.tokenCount
  return {
    ttftMs: first - started,
    tokensPerSecond: (tokens - 1) / ((ended - first) / 1000),
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}
