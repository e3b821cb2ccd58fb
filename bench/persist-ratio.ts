import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { startBenchCore } from './bench-core'
import { pairedRounds } from './paired'
import type { Figures } from './stats'

export interface PersistRatioOptions {
  modelPath?: string
  /** The generated model to use when no path is given (default the ~100M `bench` preset). */
  preset?: 'tiny' | 'bench'
  threads: number
  /** Tokens per reply (default 64, see below). */
  tokens?: number
  /** Timed pairs, one reply with persistence on and one off each (default 128). */
  rounds?: number
  log: (line: string) => void
}

/**
 * `history.persist_ratio`: tokens per second of a reply with streaming persistence on, divided by
 * the same reply with it off, same run.
 *
 * One core and one model instance serve both sides: the chat service's persistence is switched
 * between replies (`setPersistence`), so "on" is the app's own path (the same SQLite file, the same
 * 250 ms policy) and "off" differs from it only in saving nothing. Two model instances, as
 * measured before, differ by about 1% on their own, as much as the overhead.
 *
 * The figure is the median of the per-pair ratios, the pairs alternating which side runs first
 * (on-off, off-on, ...). On a shared VM the decode speed swings by several percent from one second
 * to the next, so many pairs of short replies beat a few pairs of long ones: the two replies of a
 * pair run closer together in time. (Over about 3 minutes each, the median's bootstrap error was 0.4%
 * with 64-token replies and 1.2% with 256-token ones.) A short reply also carries its first and
 * final writes over fewer tokens, so the figure errs on the low side. The log gives the median's
 * 95% interval and an A/A reading; from run to run the figure still moves by about ±1%.
 */
export async function runPersistRatioBench(options: PersistRatioOptions): Promise<Figures> {
  const tokens = options.tokens ?? 64
  const rounds = options.rounds ?? 128
  const modelPath =
    options.modelPath ??
    (await ensureTestModel({ variant: 'endless', preset: options.preset ?? 'bench' }))
  options.log(`persist: ${modelPath}, ${tokens} tokens, ${rounds} pairs, one model instance`)
  const bench = await startBenchCore({ modelPath, threads: options.threads, tokens })
  const { chat, events, store } = bench.core
  // Which reply ran with which setting, to check afterwards that the switch did what it says.
  const replies: { id: string; persist: boolean }[] = []
  let persisting = true
  const stopWatching = events.on('chat.done', (done) =>
    replies.push({ id: done.assistantMessageId, persist: persisting }),
  )
  const reply = (persist: boolean) => () => {
    persisting = persist
    chat.setPersistence(persist)
    return bench.reply()
  }
  try {
    const result = await pairedRounds({
      a: reply(true),
      b: reply(false),
      rounds,
      tokens,
      log: options.log,
      names: ['persist on', 'off'],
    })
    const saved = replies.filter((r) => store.getMessage(r.id).ok)
    const on = replies.filter((r) => r.persist)
    if (saved.length !== on.length || saved.some((r) => !r.persist)) {
      throw new Error(
        `${saved.length} replies saved, expected the ${on.length} run with persistence on`,
      )
    }
    options.log(
      `  saved: the ${on.length} replies with persistence on, none of the ${replies.length - on.length} with it off`,
    )
    return {
      'history.persist_ratio': result.ratio,
      'history.persist_cpu_ratio': result.cpuRatio,
      'history.persist_on_tokens_per_s': result.a.tokensPerSecond,
      'history.persist_off_tokens_per_s': result.b.tokensPerSecond,
    }
  } finally {
    stopWatching()
    await bench.dispose()
  }
}
