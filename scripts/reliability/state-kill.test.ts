import { existsSync } from 'node:fs'
import { expect, it } from 'vitest'
import { defaultHeadlessEntry } from './headless-client.ts'
import { runStateKillReliability } from './state-kill.ts'

const entry = defaultHeadlessEntry()
const built = existsSync(entry)
if (!built)
  console.log(`state-kill reliability test skipped: ${entry} is missing (run npm run build)`)

it.skipIf(!built)(
  'headless Hearth SIGKILLed while writing a conversation state discards it at restart and answers',
  async () => {
    const lines: string[] = []
    const report = await runStateKillReliability({ runs: 3, log: (line) => lines.push(line) })
    const why = lines.join('\n')
    expect(report, why).toEqual({
      runs: 3,
      killed_mid_write: 3,
      temporaries_after_restart: 0,
      answered: 3,
    })
  },
  300_000,
)
