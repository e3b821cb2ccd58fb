import { describe, expect, it } from 'vitest'
import { ExportFileSchema } from '../src/shared/contract/schemas/conversations'
import { HISTORY_BENCH_GOALS, generateHistory, runHistoryBench } from './history-bench'

// Proves the benchmark runs and measures the right things on a small history; speed goals are
// checked by the bench runner, never here.
describe('history benchmark', () => {
  it('generates a valid history of the asked size', () => {
    const file = generateHistory({ conversations: 20, messages: 1000 })
    expect(ExportFileSchema.parse(file).conversations).toHaveLength(20)
    const total = file.conversations.reduce((n, c) => n + c.messages.length, 0)
    expect(total).toBeGreaterThan(900)
    expect(total).toBeLessThanOrEqual(1000)
  })

  it('reports every figure', async () => {
    const figures = await runHistoryBench({ conversations: 20, messages: 1000, iterations: 30 })
    for (const name of Object.keys(HISTORY_BENCH_GOALS)) {
      expect(figures[name]).toBeGreaterThan(0)
    }
    expect(figures['history.messages']).toBeGreaterThan(900)
    expect(figures['history.persist_write_ms_per_reply']).toBeGreaterThan(0)
  })
})
