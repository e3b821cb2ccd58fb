import type { ReplyTiming } from './bench-core'
import { median } from './stats'

export interface PairedResult {
  /** Median over rounds of (a's speed / b's speed) in wall time. */
  ratio: number
  /** The same over CPU time per token: the overhead a side adds, with other tenants' load left out. */
  cpuRatio: number
  a: ReplyTiming
  b: ReplyTiming
}

/**
 * Measures two sides in alternating rounds (a-b, then b-a) after one warm-up each. Each round's own
 * ratio is taken and the median reported, so a burst of load elsewhere on the machine spoils one
 * round's pair, not the figure; the per-side medians are reported too.
 */
export async function pairedRounds(options: {
  a: () => Promise<ReplyTiming>
  b: () => Promise<ReplyTiming>
  rounds: number
  tokens: number
  log: (line: string) => void
  names: [string, string]
  /** Start the rounds with b instead of a. */
  bFirst?: boolean
}): Promise<PairedResult> {
  await options.a()
  await options.b()
  const aFirstIn = (round: number) => (round % 2 === 0) !== (options.bFirst === true)
  const as: ReplyTiming[] = []
  const bs: ReplyTiming[] = []
  for (let round = 0; round < options.rounds; round += 1) {
    if (aFirstIn(round)) {
      as.push(await options.a())
      bs.push(await options.b())
    } else {
      bs.push(await options.b())
      as.push(await options.a())
    }
    const a = as.at(-1) as ReplyTiming
    const b = bs.at(-1) as ReplyTiming
    options.log(
      `  round ${round + 1}: ${options.names[0]} ${a.tokensPerSecond.toFixed(1)} tok/s, ${options.names[1]} ${b.tokensPerSecond.toFixed(1)} tok/s`,
    )
  }
  const pick = (runs: ReplyTiming[]): ReplyTiming => ({
    ttftMs: median(runs.map((run) => run.ttftMs)),
    tokensPerSecond: median(runs.map((run) => run.tokensPerSecond)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
  })
  return {
    ratio: median(
      as.map((a, i) => a.tokensPerSecond / (bs[i]?.tokensPerSecond ?? a.tokensPerSecond)),
    ),
    // Same token count on both sides, so CPU per token compares as CPU per reply.
    cpuRatio: median(as.map((a, i) => (bs[i]?.cpuMs ?? a.cpuMs) / a.cpuMs)),
    a: pick(as),
    b: pick(bs),
  }
}

/** A side that can be created and disposed: a model instance with its runner. */
export interface BenchSide {
  run: () => Promise<ReplyTiming>
  dispose: () => Promise<void>
}

/**
 * Two model instances in one process do not run equally fast, and neither does a run that follows
 * the other side versus one that follows its own: an A/A test (the same configuration on both
 * sides) read about 0.98 with a fixed order. So the pair is measured twice, once in each creation
 * order and with the other side starting the rounds, and the two ratios are combined by their
 * geometric mean, which cancels both biases.
 */
export async function balancedPairs(options: {
  createA: () => Promise<BenchSide>
  createB: () => Promise<BenchSide>
  rounds: number
  tokens: number
  log: (line: string) => void
  names: [string, string]
}): Promise<PairedResult> {
  const halves: PairedResult[] = []
  for (const aFirst of [true, false]) {
    options.log(`  ${aFirst ? options.names[0] : options.names[1]} created first:`)
    const first = await (aFirst ? options.createA() : options.createB())
    const second = await (aFirst ? options.createB() : options.createA())
    const [a, b] = aFirst ? [first, second] : [second, first]
    try {
      halves.push(await pairedRounds({ ...options, a: a.run, b: b.run, bFirst: !aFirst }))
    } finally {
      await second.dispose()
      await first.dispose()
    }
  }
  const [one, two] = halves as [PairedResult, PairedResult]
  const mean = (x: number, y: number) => (x + y) / 2
  return {
    ratio: Math.sqrt(one.ratio * two.ratio),
    cpuRatio: Math.sqrt(one.cpuRatio * two.cpuRatio),
    a: {
      ttftMs: mean(one.a.ttftMs, two.a.ttftMs),
      tokensPerSecond: mean(one.a.tokensPerSecond, two.a.tokensPerSecond),
      cpuMs: mean(one.a.cpuMs, two.a.cpuMs),
    },
    b: {
      ttftMs: mean(one.b.ttftMs, two.b.ttftMs),
      tokensPerSecond: mean(one.b.tokensPerSecond, two.b.tokensPerSecond),
      cpuMs: mean(one.b.cpuMs, two.b.cpuMs),
    },
  }
}
