import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { startBenchCore } from './bench-core'
import { balancedPairs } from './paired'
import type { Figures } from './stats'

export interface PersistRatioOptions {
  modelPath?: string
  /** The generated model to use when no path is given (default the ~100M `bench` preset). */
  preset?: 'tiny' | 'bench'
  threads: number
  /** Tokens per reply (default 256). */
  tokens?: number
  /** Timed rounds per side and creation order, alternating (default 8). */
  rounds?: number
  log: (line: string) => void
}

/**
 * `history.persist_ratio`: tokens per second of a reply with streaming persistence on, divided by
 * the same reply with it off (`persistIntervalMs: false`), same model, same run.
 */
export async function runPersistRatioBench(options: PersistRatioOptions): Promise<Figures> {
  const tokens = options.tokens ?? 256
  const rounds = options.rounds ?? 8
  const modelPath =
    options.modelPath ??
    (await ensureTestModel({ variant: 'endless', preset: options.preset ?? 'bench' }))
  options.log(`persist: ${modelPath}, ${tokens} tokens, ${rounds} rounds`)
  const side = (persist: boolean) => async () => {
    const core = await startBenchCore({ modelPath, threads: options.threads, tokens, persist })
    return { run: core.reply, dispose: core.dispose }
  }
  const result = await balancedPairs({
    createA: side(true),
    createB: side(false),
    rounds,
    tokens,
    log: options.log,
    names: ['persist on', 'off'],
  })
  return {
    'history.persist_ratio': result.ratio,
    'history.persist_cpu_ratio': result.cpuRatio,
    'history.persist_on_tokens_per_s': result.a.tokensPerSecond,
    'history.persist_off_tokens_per_s': result.b.tokensPerSecond,
  }
}
