import { describe, expect, it } from 'vitest'
import { seededBytes, startFakeHfServer } from '../../../../e2e/fixtures/fake-hf-server'
import { formatBytes, diskFullMessage } from './disk-space'
import { HfClient, resolveHfEndpoint } from './hf-client'
import { parseContentRange, strongEtag, unquote } from './http-range'

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

describe('HfClient.fileInfo', () => {
  it('reads size, sha256, ETag and commit from the tree API and the resolve HEAD', async () => {
    const data = seededBytes(100_000, 'info')
    const fake = await startFakeHfServer({ files: [{ repo: 'o/r', file: 'sub/m.gguf', data }] })
    try {
      const info = await new HfClient({ endpoint: fake.url }).fileInfo('o/r', 'sub/m.gguf')
      expect(info).toMatchObject({
        ok: true,
        value: {
          size: 100_000,
          sha256: fake.sha256('o/r', 'sub/m.gguf'),
          etag: `"${fake.sha256('o/r', 'sub/m.gguf')}"`,
          url: `${fake.url}/o/r/resolve/main/sub/m.gguf`,
        },
      })
      expect(info.ok && info.value.commit).toMatch(/^[0-9a-f]{40}$/)
      const tree = fake.requests.find((r) => r.url.startsWith('/api/models/'))
      expect(tree?.url).toBe('/api/models/o/r/tree/main/sub')
      const missing = await new HfClient({ endpoint: fake.url }).fileInfo('o/r', 'nope.gguf')
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
    const result = await new HfClient({ endpoint: 'http://127.0.0.1:1' }).fileInfo('o/r', 'm.gguf')
    expect(result).toMatchObject({ ok: false, retryable: true })
  })
})

describe('http helpers', () => {
  it('parses Content-Range and ETags', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, size: 1000 })
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, size: null })
    expect(parseContentRange('bytes */1000')).toBeNull()
    expect(strongEtag('W/"abc"')).toBeNull()
    expect(strongEtag('"abc"')).toBe('"abc"')
    expect(unquote('"abc"')).toBe('abc')
  })

  it('formats sizes and the disk-space message for the user', () => {
    expect(formatBytes(4.92e9)).toBe('4.9 GB')
    expect(formatBytes(850e6)).toBe('850 MB')
    expect(diskFullMessage('LLaMA3-iterative-DPO-final Q4_K_M', 4.92e9, 1.2e9)).toBe(
      'Not enough disk space: LLaMA3-iterative-DPO-final Q4_K_M needs 4.9 GB, 1.2 GB free. Free up space and try again.',
    )
  })
})
