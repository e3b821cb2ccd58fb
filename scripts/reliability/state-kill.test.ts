import { expect, it } from 'vitest'
import { headlessBuilt } from './headless-client.ts'
import { runStateKillReliability } from './state-kill.ts'

const built = headlessBuilt('state-kill reliability test')

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
