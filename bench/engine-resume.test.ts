import { expect, it } from 'vitest'
import { runEngineResumeBench } from './engine-resume'

// That the benchmark runs every step through the core and derives its figures from them; the goals
// are the bench's, never checked here. The bench model with a short conversation (about 250 tokens):
// on the tiny model re-evaluating is so cheap that the save policy rightly keeps no state.
it('resumes a conversation after a switch and a restart, with and without the cache', async () => {
  const log: string[] = []
  const figures = await runEngineResumeBench({ threads: 1, repeats: 60, log: (l) => log.push(l) })
  const why = log.join('\n')
  expect(figures['engine.conversation_tokens'], why).toBeGreaterThan(200)
  for (const name of ['resume', 'restart'] as const) {
    const cached = figures[`engine.${name}_ttft_ms`] ?? Number.NaN
    const baseline = figures[`engine.${name}_baseline_ttft_ms`] ?? Number.NaN
    expect(figures[`engine.${name}_ttft_ratio`], why).toBeCloseTo(cached / baseline, 10)
  }
  expect(figures['engine.title_evicts'], why).toBe(0)
  expect(figures['engine.title_evicts_separate_prompt'], why).toBeGreaterThan(100)
  expect(figures['engine.cache_write_ms'], why).toBeGreaterThan(0)
  expect(figures['engine.state_mb_per_1k_tokens'], why).toBeCloseTo(36.9, 0)
}, 600_000)
