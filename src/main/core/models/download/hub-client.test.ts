import { describe, expect, it } from 'vitest'
import { seededBytes, startFakeHfServer } from '../../../../../e2e/fixtures/fake-hf-server'
import { diskFullMessage } from './disk-space'
import { HubClient, nextLink, resolveHfEndpoint, retryAfterMs } from './hub-client'
import { createNodeFetch } from './node-fetch'

const signal = new AbortController().signal
const client = (endpoint: string) => new HubClient(createNodeFetch({}), { endpoint })

describe('resolveHfEndpoint', () => {
  it('prefers the setting, then HF_ENDPOINT, then huggingface.co', () => {
    expect(
      resolveHfEndpoint('http://127.0.0.1:9/', { HF_ENDPOINT: 'https://mirror.example' }),
    ).toBe('http://127.0.0.1:9')
    expect(resolveHfEndpoint(null, { HF_ENDPOINT: 'https://mirror.example/' })).toBe(
      'https://mirror.example',
    )
    expect(resolveHfEndpoint(undefined, {})).toBe('https://huggingface.co')
    expect(() => resolveHfEndpoint('file:///etc', {})).toThrow()
  })
})

describe('HubClient.fileInfo', () => {
  it('reads size, sha256, ETag and commit from the tree API and the resolve HEAD', async () => {
    const data = seededBytes(100_000, 'info')
    const fake = await startFakeHfServer({ files: [{ repo: 'o/r', file: 'sub/m.gguf', data }] })
    try {
      const info = await client(fake.url).fileInfo('o/r', 'sub/m.gguf', signal)
      expect(info).toMatchObject({
        ok: true,
        value: {
          size: 100_000,
          sha256: fake.sha256('o/r', 'sub/m.gguf'),
          url: `${fake.url}/o/r/resolve/main/sub/m.gguf`,
        },
      })
      expect(info.ok && info.value.commit).toMatch(/^[0-9a-f]{40}$/)
      const tree = fake.requests.find((r) => r.url.startsWith('/api/models/'))
      expect(tree?.url).toBe('/api/models/o/r/tree/main/sub')
      const missing = await client(fake.url).fileInfo('o/r', 'nope.gguf', signal)
      expect(missing).toMatchObject({
        ok: false,
        retryable: false,
        error: { code: 'DOWNLOAD_FAILED' },
      })
    } finally {
      await fake.close()
    }
  })

  it('calls an unreachable endpoint a retryable failure', async () => {
    const result = await client('http://127.0.0.1:1').fileInfo('o/r', 'm.gguf', signal)
    expect(result).toMatchObject({ ok: false, retryable: true })
  })
})

describe('http helpers', () => {
  it('reads Retry-After (seconds or a date, on 429 and 503 only) and Link rel="next"', () => {
    expect(retryAfterMs(429, '30')).toBe(30_000)
    expect(retryAfterMs(503, 'Thu, 01 Jan 1970 00:01:00 GMT', 30_000)).toBe(30_000)
    expect(retryAfterMs(500, '30')).toBeUndefined()
    expect(retryAfterMs(429, 'soon')).toBeUndefined()
    const base = 'http://hub/api/models/o/r/tree/main'
    expect(nextLink('<http://hub/api/models/o/r/tree/main?cursor=2>; rel="next"', base)).toBe(
      'http://hub/api/models/o/r/tree/main?cursor=2',
    )
    expect(nextLink('</x?cursor=3>; rel="prev"', base)).toBeNull()
  })

  it('formats sizes and the disk-space message for the user', () => {
    expect(diskFullMessage('LLaMA3-iterative-DPO-final Q4_K_M', 4.92e9, 1.2e9)).toBe(
      'Not enough disk space: LLaMA3-iterative-DPO-final Q4_K_M needs 4.9 GB, 1.2 GB free. Free up space and try again.',
    )
  })
})
