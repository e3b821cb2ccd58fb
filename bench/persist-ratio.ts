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
 * (on-off, off-on, ...). This machine's speed swings by several percent over seconds, so short
 * replies in many pairs beat long ones in few: on a shared 2-core VM, 64-token replies read the
 * figure to about ±0.4% in three minutes, 256-token replies to about ±1.4%. A short reply also
 * carries its first and final writes over fewer tokens, so the figure errs on the low side.
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
