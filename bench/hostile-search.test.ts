import { describe, expect, it } from 'vitest'
import { runHostileSearchBench } from './hostile-search'

/**
 * Issue 10: 40 searches at once over 50 messages of 100,000-character words once took the process
 * past 4 GiB and killed it. The bound is generous (real figures are a few MiB); no timing is asserted.
 */
describe('hostile search over the real WebSocket', () => {
  it('answers 40 concurrent searches with bounded replies and bounded memory', async () => {
    const figures = await runHostileSearchBench()
    expect(figures['search.hostile_40_failed']).toBe(0)
    expect(figures['search.hostile_40_ws_failed']).toBe(0)
    expect(figures['search.hostile_40_reply_kib']).toBeLessThan(64)
    expect(figures['search.hostile_one_reply_kib']).toBeLessThan(64)
    expect(figures['search.hostile_40_rss_growth_mib']).toBeLessThan(256)
  })
})
