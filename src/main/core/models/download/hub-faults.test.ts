import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { seededBytes, startFakeHfServer } from '../../../../../e2e/fixtures/fake-hf-server'
import * as kit from '../../../../../test-support/download-kit'
import { partBytesOnDisk } from './sidecar'

kit.useDownloadKit()

const MiB = 1024 * 1024

/** Faults a busy Hub, its CDN and its mirrors really show, against the real download code. */
describe('downloads from a Hub that misbehaves', () => {
  // With X-Linked-Etag the hub's answer on resolve says so (one GET of bytes in all); a mirror
  // without it gets the new bytes, and Hearth re-reads the hub before calling them damaged.
  it.each([
    { linkedHeaders: true, byteGets: 1 },
    { linkedHeaders: false, byteGets: 2 },
  ])(
    'starts over cleanly when the repo is updated before the first byte (%o)',
    async ({ linkedHeaders, byteGets }) => {
      const server = await kit.serve({ linkedHeaders })
      const pushed = seededBytes(kit.SIZE, 'pushed')
      kit.faults(server).onResolve = () => server.setFile(kit.REPO, kit.FILE, pushed)
      const { m } = kit.manager(server)
      const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
      expect(final.ok && final.value.phase).toBe('done')
      expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(pushed))
      expect(kit.byteRequests(server)).toHaveLength(byteGets)
    },
  )

  it('takes the body from byte 0 when the server ignores Range, however often it drops', async () => {
    const server = await kit.serve()
    const faults = kit.faults(server)
    faults.ignoreRange = true
    let drops = 0
    faults.dropAtByte = MiB
    // Five drops: more than the three changes a download tolerates, none of them a change.
    faults.onDrop = () => {
      if (++drops < 5) faults.dropAtByte = MiB + drops * 100_000
    }
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(kit.data))
    expect(kit.byteRequests(server)).toHaveLength(6)
    expect(kit.byteRequests(server)[1]?.headers.range).toMatch(/^bytes=\d+-$/)
  })

  it('resumes with Range alone when only the CDN ETag changed (the hub sha256 is the same)', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = MiB
    const { m, reached } = kit.manager(server)
    const { downloadId } = m.startTarget(kit.TARGET)
    await reached(kit.pastBytes(256 * 1024))
    await m.pause(downloadId)
    const partBytes = (await partBytesOnDisk(kit.destination(m))) ?? 0
    kit.faults(server).bytesPerSecond = null
    kit.faults(server).cdnEtag = '"xet-0f3c9a"'
    m.resume(downloadId)
    const final = await m.wait(downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(kit.data))
    expect(kit.byteRequests(server).map((r) => r.headers.range)).toEqual([
      undefined,
      `bytes=${partBytes}-`,
    ])
  })

  it('works with a mirror that has no tree API (X-Linked-Etag and X-Linked-Size suffice)', async () => {
    const server = await kit.serve({ treeApi: false })
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value).toMatchObject({ phase: 'done', totalBytes: kit.SIZE })
  })

  it('follows the tree API\'s Link rel="next" pages to find the file', async () => {
    const others = ['a.gguf', 'b.gguf', 'c.gguf'].map((file) => ({
      repo: kit.REPO,
      file,
      data: seededBytes(10, file),
    }))
    kit.current.fake = await startFakeHfServer({
      files: [...others, { repo: kit.REPO, file: kit.FILE, data: kit.data }],
      linkedHeaders: false,
      treePageSize: 1,
    })
    const { m } = kit.manager(kit.current.fake)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    const pages = kit.current.fake.requests.filter((r) => r.url.includes('/tree/main'))
    expect(pages.map((r) => r.url.split('?')[1] ?? '')).toEqual([
      '',
      'cursor=1',
      'cursor=2',
      'cursor=3',
    ])
  })

  it('honours Retry-After on 429 and 503 (capped), tells the user, and does not count it as a failure', async () => {
    const server = await kit.serve()
    const faults = kit.faults(server)
    // The hub first (its metadata), then the CDN three times once the bytes are asked for.
    faults.busy = { where: 'hub', status: 503, count: 1, retryAfter: '2' }
    faults.onResolve = () =>
      (faults.busy = { where: 'cdn', status: 429, count: 3, retryAfter: '600' })
    const { m, seen } = kit.manager(server, {
      // Two quick failures would end the download; the server's waits must not count.
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 30 },
    })
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value).toMatchObject({ phase: 'done', notice: null })
    const notices = seen.map((s) => s.notice).filter((n) => n)
    expect(notices).toEqual([
      'Hugging Face asked us to wait 2 s',
      ...Array(3).fill('Hugging Face asked us to wait 600 s'),
    ])
    expect(kit.byteRequests(server)).toHaveLength(4)
  })
})
