import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runUiBench, streamedReply, UI_BENCH_GOALS } from './ui-bench'

// That the UI benchmark drives the real renderer in Chromium over a real core and reports every
// figure; a small conversation and a short reply. Speed goals are the bench runner's, never here.
const built = existsSync(resolve('out/renderer/index.html'))

describe('UI benchmark', () => {
  it('writes a reply with code blocks and math, of the asked number of 4-character tokens', () => {
    const text = streamedReply(2000)
    expect(text).toHaveLength(8000)
    expect(text).toContain('```ts')
    expect(text).toContain('$$\\frac')
  })

  it.skipIf(!built)(
    'reports every figure',
    async () => {
      const log: string[] = []
      const figures = await runUiBench({
        messages: 120,
        tokens: 200,
        tokensPerSecond: 500,
        opens: 2,
        log: (line) => log.push(line),
      })
      const why = log.join('\n')
      for (const name of Object.keys(UI_BENCH_GOALS))
        expect(figures[name], why).toBeGreaterThanOrEqual(0)
      expect(figures['ui.open_ms'], why).toBeGreaterThan(0)
      expect(figures['ui.open_short_ms'], why).toBeGreaterThan(0)
      expect(figures['ui.frame_p95_ms'], why).toBeGreaterThan(0)
      expect(figures['ui.frame_p95_idle_ms'], why).toBeGreaterThan(0)
      expect(figures['ui.messages']).toBe(120)
      // 200 tokens at 500 per second take at least 0.4 s to stream.
      expect(figures['ui.stream_seconds'], why).toBeGreaterThanOrEqual(0.4)
    },
    180_000,
  )
})

if (!built) console.log('Skipping the UI benchmark run: no built renderer in out/ (npm run build).')
