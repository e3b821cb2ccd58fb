import { describe, expect, it } from 'vitest'
import type { ReplyTiming } from './bench-core'
import { pairedRounds } from './paired'

/**
 * Two fake sides on one clock: every reply is 0.1% faster than the one before (drift), and side a
 * is `aFactor` as fast as b. Records the order in which the sides ran.
 */
function sides(aFactor: number) {
  const order: string[] = []
  const timing = (side: 'a' | 'b', factor: number) => async (): Promise<ReplyTiming> => {
    order.push(side)
    const speed = 100 * factor * (1 + 0.001 * order.length)
    return { ttftMs: 10, tokensPerSecond: speed, cpuMs: 1000 / speed }
  }
  return { order, a: timing('a', aFactor), b: timing('b', 1) }
}

describe('pairedRounds', () => {
  it('alternates the sides a-b, b-a after one warm-up each, so drift cancels in the median', async () => {
    const { order, a, b } = sides(0.99)
    const result = await pairedRounds({
      a,
      b,
      rounds: 4,
      tokens: 256,
      log: () => undefined,
      names: ['a', 'b'],
    })
    expect(order).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a'])
    expect(result.ratio).toBeCloseTo(0.99, 4)
    expect(result.cpuRatio).toBeCloseTo(0.99, 4)
    // Same-side neighbours, compared in alternating directions, read no difference.
    expect(result.aaRatio).toBeCloseTo(1, 2)
  })

  it('has no A/A reading with a single round', async () => {
    const { a, b } = sides(1)
    const result = await pairedRounds({
      a,
      b,
      rounds: 1,
      tokens: 256,
      log: () => undefined,
      names: ['a', 'b'],
    })
    expect(result.aaRatio).toBeNull()
  })
})
