import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { HEAVY_BENCH_GOALS, runHeavyRenderBench } from './heavy-render'

const built = existsSync(resolve('out/renderer/index.html'))
if (!built)
  console.log('Skipping the heavy-render bench test: out/renderer is not built (npm run build).')

// Only that the benchmark opens each heavy reply in Chromium and reports its figure; the goal is the
// bench's.
it.skipIf(!built)(
  'opens each heavy reply in Chromium and reports ui.heavy.*_ms',
  async () => {
    const figures = await runHeavyRenderBench({ rounds: 1 })
    expect(Object.keys(figures).sort()).toEqual(Object.keys(HEAVY_BENCH_GOALS).sort())
    for (const value of Object.values(figures)) expect(value).toBeGreaterThan(0)
  },
  120_000,
)
