import { expect, it } from 'vitest'
import { runEngineLookupBench } from './engine-lookup'

// That the benchmark switches prompt lookup between replies and counts its predictions; the speed
// goals are the bench's, never checked here.
it('measures replies with prompt lookup on and off, quoting and not', async () => {
  const log: string[] = []
  const figures = await runEngineLookupBench({
    threads: 1,
    preset: 'tiny',
    rounds: 1,
    log: (l) => log.push(l),
  })
  const why = log.join('\n')
  expect(figures['engine.lookup_validated'], why).toBeGreaterThan(25)
  expect(figures['engine.lookup_refuted'], why).toBe(0)
  expect(figures['engine.lookup_overhead_validated'], why).toBe(0)
  expect(figures['engine.lookup_speedup'], why).toBeGreaterThan(0)
  expect(figures['engine.lookup_overhead'], why).toBeGreaterThan(0)
}, 300_000)
