import { expect, it } from 'vitest'
import { runDownloadReliability } from './download.ts'

it('a download SIGKILLed mid-way resumes in a new process and returns only a verified file', async () => {
  const lines: string[] = []
  const report = await runDownloadReliability({
    runs: 2,
    sizeBytes: 8 * 1024 * 1024,
    log: (l) => lines.push(l),
  })
  expect(report, lines.join('\n')).toEqual({ runs: 2, resumed: 2, hash_ok: 2, corrupt_loaded: 0 })
})
