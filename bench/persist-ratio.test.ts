import { expect, it } from 'vitest'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { runPersistRatioBench } from './persist-ratio'

// Only that the benchmark runs both sides end to end and reports its figures; the goal is the bench's.
it('measures replies with persistence on and off and reports the ratio', async () => {
  const modelPath = await ensureTestModel({ variant: 'endless', preset: 'tiny' })
  const figures = await runPersistRatioBench({
    modelPath,
    threads: 1,
    tokens: 32,
    rounds: 1,
    log: () => undefined,
  })
  expect(Object.keys(figures).sort()).toEqual([
    'history.persist_cpu_ratio',
    'history.persist_off_tokens_per_s',
    'history.persist_on_tokens_per_s',
    'history.persist_ratio',
  ])
  expect(figures['history.persist_on_tokens_per_s']).toBeGreaterThan(0)
  expect(figures['history.persist_off_tokens_per_s']).toBeGreaterThan(0)
}, 120_000)
