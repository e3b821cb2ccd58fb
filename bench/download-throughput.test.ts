import { expect, it } from 'vitest'
import { hasTinyproxy } from '../e2e/fixtures/tinyproxy'
import { benchDownloadThroughput } from './download-throughput'

// Only that the benchmark runs end to end and reports its figures; the speed goals are the bench's.
it('measures Hearth and curl on the same file, directly and through tinyproxy', async () => {
  const result = await benchDownloadThroughput({ sizeMb: 4, rounds: 1, bytesPerSecond: 0 })
  expect(Object.keys(result).sort()).toEqual(
    [
      'download.cpu_s_per_gb',
      'download.curl_mb_s',
      'download.hearth_mb_s',
      ...(hasTinyproxy ? ['download.proxy_ratio'] : []),
      'download.throughput_ratio',
    ].sort(),
  )
  expect(result['download.throughput_ratio']).toBeGreaterThan(0)
})
