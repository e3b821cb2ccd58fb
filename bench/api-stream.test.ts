import { expect, it } from 'vitest'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { runApiStreamBench } from './api-stream'

// That the benchmark streams through the API server and reports its figures; the goals are the
// bench's, never checked here.
it('streams replies through the API server and reports the ratio and the TTFT overhead', async () => {
  const log: string[] = []
  const figures = await runApiStreamBench({
    modelPath: await ensureTestModel({ variant: 'endless', preset: 'tiny' }),
    threads: 1,
    tokens: 32,
    rounds: 1,
    log: (line) => log.push(line),
  })
  expect(Object.keys(figures).sort()).toEqual([
    'api.stream_ratio',
    'api.tokens_per_s',
    'api.ttft_overhead_ms',
  ])
  expect(figures['api.stream_ratio']).toBeGreaterThan(0)
  expect(figures['api.tokens_per_s']).toBeGreaterThan(0)
  expect(Number.isFinite(figures['api.ttft_overhead_ms'])).toBe(true)
  expect(log.some((line) => line.startsWith('  round 1: 32 pieces'))).toBe(true)
}, 120_000)
