import { expect, it } from 'vitest'
import { MISSING_BUILD, runCrashReliability, textLostMs } from './crash.ts'
import { headlessBuilt } from './headless-client.ts'

it('measures the loss from the last fully saved delta to the kill', () => {
  const deltas = [
    { text: 'Hello', at: 100 },
    { text: ' from', at: 200 },
    { text: ' Hearth', at: 300 },
  ]
  expect(textLostMs(deltas, 'Hello from Hearth', 900)).toBe(0)
  expect(textLostMs(deltas, 'Hello from', 900)).toBe(700)
  expect(textLostMs(deltas, 'Hello fr', 900)).toBe(800)
  // Nothing saved: the loss runs from the first delta.
  expect(textLostMs(deltas, '', 900)).toBe(800)
})

it('refuses to run without the build, and says what to do', async () => {
  await expect(
    runCrashReliability({ runs: 1, headlessEntry: '/nonexistent/out/main/headless.js' }),
  ).rejects.toThrow(MISSING_BUILD)
  expect(MISSING_BUILD).toContain('run npm run build first')
})

const built = headlessBuilt('crash reliability test')

it.skipIf(!built)(
  'headless Hearth SIGKILLed mid-reply keeps every conversation and the streamed reply, interrupted',
  async () => {
    const lines: string[] = []
    const report = await runCrashReliability({ runs: 3, log: (line) => lines.push(line) })
    const why = lines.join('\n')
    expect(report.runs, why).toBe(3)
    expect(report.conversations_lost, why).toBe(0)
    expect(report.interrupted_ok, why).toBe(3)
    expect(report.text_mismatch, why).toBe(0)
  },
  180_000,
)
