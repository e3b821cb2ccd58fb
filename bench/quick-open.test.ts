import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { QUICK_BENCH_GOALS, runQuickOpenBench } from './quick-open'

const built = existsSync(resolve('out/renderer/index.html'))
if (!built)
  console.log('Skipping the quick-open bench test: out/renderer is not built (npm run build).')

// Only that the benchmark loads #/quick in Chromium and reports its figure; the goal is the bench's.
it.skipIf(!built)('loads the quick prompt in Chromium and reports quick.open_ms', async () => {
  const figures = await runQuickOpenBench({ loads: 2 })
  expect(Object.keys(figures)).toEqual(Object.keys(QUICK_BENCH_GOALS))
  expect(figures['quick.open_ms']).toBeGreaterThan(0)
})
