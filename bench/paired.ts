import type { ReplyTiming } from './bench-core'
import { watchOtherLoad } from './machine-load'
import { median, medianInterval } from './stats'

export interface PairedResult {
  /** Median over rounds of (a's speed / b's speed) in wall time. */
  ratio: number
  /** The same over CPU time per token: the overhead a side adds, with other tenants' load left out. */
  cpuRatio: number
  /**
   * An A/A check from the same replies: each two neighbours across a round boundary belong to the
   * same side (the order goes a b, b a, a b…), so their ratio, taken the same way, is what the
   * method reads when there is no difference at all. Its distance from 1 is the figure's noise.
   * Null with a single round, which has no such neighbours.
   */
  aaRatio: number | null
  a: ReplyTiming
  b: ReplyTiming
}

/** What every paired measurement takes: how long, how to log, and what to call the sides. */
interface RoundOptions {
  rounds: number
  tokens: number
  log: (line: string) => void
  names: [string, string]
}

/**
 * Measures two sides in alternating rounds (a-b, then b-a) after one warm-up each. Each round's own
 * ratio is taken and the median reported, so a burst of load elsewhere on the machine spoils one
 * round's pair, not the figure; the per-side medians are reported too.
 */
export async function pairedRounds(
  options: RoundOptions & {
    a: () => Promise<ReplyTiming>
    b: () => Promise<ReplyTiming>
    /** Start the rounds with b instead of a. */
    bFirst?: boolean
  },
): Promise<PairedResult> {
  await options.a()
  await options.b()
  const aFirstIn = (round: number) => (round % 2 === 0) !== (options.bFirst === true)
  const as: ReplyTiming[] = []
  const bs: ReplyTiming[] = []
  // Every reply in the order it ran, for the A/A check.
  const order: ReplyTiming[] = []
  const otherLoads: number[] = []
  for (let round = 0; round < options.rounds; round += 1) {
    const [first, second] = aFirstIn(round) ? [options.a, options.b] : [options.b, options.a]
    const otherLoad = watchOtherLoad()
    const one = await first()
    const two = await second()
    const load = otherLoad()
    otherLoads.push(load)
    order.push(one, two)
    const [a, b] = aFirstIn(round) ? [one, two] : [two, one]
    as.push(a)
    bs.push(b)
    options.log(
      `  round ${round + 1}: ${options.names[0]} ${a.tokensPerSecond.toFixed(1)} tok/s, ${options.names[1]} ${b.tokensPerSecond.toFixed(1)} tok/s, other processes ${load.toFixed(2)} cores`,
    )
  }
  const pick = (runs: ReplyTiming[]): ReplyTiming => ({
    ttftMs: median(runs.map((run) => run.ttftMs)),
    tokensPerSecond: median(runs.map((run) => run.tokensPerSecond)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
  })
  const speed = (x: ReplyTiming, y: ReplyTiming) => x.tokensPerSecond / y.tokensPerSecond
  const ratios = as.map((a, i) => speed(a, bs[i] ?? a))
  const interval = medianInterval(ratios)
  const result = {
    ratio: median(ratios),
    // Same token count on both sides, so CPU per token compares as CPU per reply.
    cpuRatio: median(as.map((a, i) => (bs[i]?.cpuMs ?? a.cpuMs) / a.cpuMs)),
    aaRatio: sameSideRatio(order, speed),
    a: pick(as),
    b: pick(bs),
  }
  const spread = interval === null ? '' : ` (95% interval ${interval.map(fixed).join('-')})`
  options.log(
    `  median ratio ${fixed(result.ratio)}${spread}, CPU ${fixed(result.cpuRatio)}; ` +
      `A/A from the same rounds ${result.aaRatio === null ? 'n/a' : fixed(result.aaRatio)}; ` +
      `other processes used ${median(otherLoads).toFixed(2)} cores (median), ${Math.max(...otherLoads).toFixed(2)} at most`,
  )
  return result
}

const fixed = (x: number) => x.toFixed(3)

/**
 * The median ratio of same-side neighbours: the last reply of each round and the first of the
 * next, earlier over later and later over earlier in turn, as the rounds alternate their order.
 */
function sameSideRatio(
  order: readonly ReplyTiming[],
  speed: (x: ReplyTiming, y: ReplyTiming) => number,
): number | null {
  const ratios: number[] = []
  for (let i = 1; i + 1 < order.length; i += 2) {
    const earlier = order[i] as ReplyTiming
    const later = order[i + 1] as ReplyTiming
    ratios.push(ratios.length % 2 === 0 ? speed(earlier, later) : speed(later, earlier))
  }
  return ratios.length === 0 ? null : median(ratios)
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
export async function balancedPairs(
  options: RoundOptions & {
    createA: () => Promise<BenchSide>
    createB: () => Promise<BenchSide>
  },
): Promise<PairedResult> {
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
    aaRatio:
      one.aaRatio === null || two.aaRatio === null ? null : Math.sqrt(one.aaRatio * two.aaRatio),
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
