import { expect, it } from 'vitest'
import { runDownloadReliability } from './download.ts'

it('a download SIGKILLed mid-way resumes in a new process and returns only a verified file', async () => {
  const lines: string[] = []
  const report = await runDownloadReliability({
    runs: 3,
    log: (l) => lines.push(l),
  })
  expect(report, lines.join('\n')).toMatchObject({
    ...{ runs: 3, resumed: 3, hash_ok: 3, corrupt_loaded: 0 },
    two_processes: { runs: 3, hash_ok: 3, corrupt_loaded: 0 },
  })
}, 120_000)
