import { expect, it } from 'vitest'
import { benchDownloadThroughput } from './download-throughput'

// Only that the benchmark runs end to end and reports its figures; the speed goal is the bench's.
it('measures Hearth and curl on the same file and reports the ratio', async () => {
  const result = await benchDownloadThroughput({ sizeMb: 4, rounds: 1 })
  expect(Object.keys(result).sort()).toEqual([
    'download.curl_mb_s',
    'download.hearth_mb_s',
    'download.throughput_ratio',
  ])
  expect(result['download.throughput_ratio']).toBeGreaterThan(0)
})
