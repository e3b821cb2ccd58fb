import { expect, it } from 'vitest'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { runPersistRatioBench } from './persist-ratio'

// That the benchmark runs both sides on one core, switches persistence as it says and computes its
// figures from them; the goal is the bench's, never checked here.
it('measures replies with persistence on and off and reports the ratio', async () => {
  const modelPath = await ensureTestModel({ variant: 'endless', preset: 'tiny' })
  const log: string[] = []
  const figures = await runPersistRatioBench({
    modelPath,
    threads: 1,
    tokens: 32,
    rounds: 1,
    log: (line) => log.push(line),
  })
  expect(Object.keys(figures).sort()).toEqual([
    'history.persist_cpu_ratio',
    'history.persist_off_tokens_per_s',
    'history.persist_on_tokens_per_s',
    'history.persist_ratio',
  ])
  const on = figures['history.persist_on_tokens_per_s'] ?? 0
  const off = figures['history.persist_off_tokens_per_s'] ?? 0
  expect(on).toBeGreaterThan(0)
  expect(off).toBeGreaterThan(0)
  // One pair: the median of its ratio is that pair's on/off.
  expect(figures['history.persist_ratio']).toBeCloseTo(on / off, 10)
  expect(figures['history.persist_cpu_ratio']).toBeGreaterThan(0)
  // Warm-up and timed replies: the bench checks in the store which ones were saved.
  expect(log).toContain('  saved: the 2 replies with persistence on, none of the 2 with it off')
}, 120_000)
