import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes, startFakeHfServer } from '../../../../../e2e/fixtures/fake-hf-server'
import { DownloadStatusSchema } from '../../../../shared/contract/schemas/models'
import * as kit from '../../../../../test-support/download-kit'
import { partPath, sidecarPath } from './sidecar'

kit.useDownloadKit()

describe('DownloadManager', () => {
  it('downloads a file, reports progress and renames it into place once verified', async () => {
    const server = await kit.serve()
    const { m, seen } = kit.manager(server)
    const started = m.startTarget(kit.TARGET)
    const final = await m.wait(started.downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    const dest = kit.destination(m)
    expect(final.ok && final.value.path).toBe(dest)
    expect(kit.sha(await readFile(dest))).toBe(kit.sha(kit.data))
    expect(existsSync(partPath(dest))).toBe(false)
    expect(existsSync(sidecarPath(dest))).toBe(false)
    const phases = seen.map((s) => s.phase)
    expect(phases[0]).toBe('checking')
    expect(phases).toContain('downloading')
    expect(phases.at(-1)).toBe('done')
    const downloading = seen.filter((s) => s.phase === 'downloading')
    expect(downloading.every((s) => s.totalBytes === kit.SIZE)).toBe(true)
    // Every event is a valid wire payload for the contract.
    for (const s of seen) expect(DownloadStatusSchema.parse(s)).toEqual(s)
  })

  it('throttles progress and reports speed and time left', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 2 * 1024 * 1024
    const { m, seen } = kit.manager(server, { progressIntervalMs: 200 })
    const t0 = Date.now()
    await m.wait(m.startTarget(kit.TARGET).downloadId)
    const elapsed = Date.now() - t0
    const progress = seen.filter((s) => s.phase === 'downloading')
    // Phase changes are immediate; in between at most one event per 200 ms window.
    expect(progress.length).toBeLessThanOrEqual(elapsed / 200 + 3)
    expect(progress.some((s) => s.bytesPerSecond > 0 && s.secondsLeft !== null)).toBe(true)
    const bytes = progress.map((s) => s.bytesDone)
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes)
  })

  it('pauses, keeps the part, and resumes with Range (the hub confirms the same sha256)', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 1024 * 1024
    const { m, reached } = kit.manager(server)
    const { downloadId } = m.startTarget(kit.TARGET)
    await reached(kit.pastBytes(256 * 1024))
    const paused = await m.pause(downloadId)
    expect(paused.ok && paused.value.phase).toBe('paused')
    const dest = kit.destination(m)
    const partBytes = (await stat(partPath(dest))).size
    expect(partBytes).toBeGreaterThan(0)
    expect(existsSync(sidecarPath(dest))).toBe(true)

    kit.faults(server).bytesPerSecond = null
    expect(m.resume(downloadId).ok).toBe(true)
    const final = await m.wait(downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(dest))).toBe(kit.sha(kit.data))
    const last = kit.byteRequests(server).at(-1)
    expect(last?.headers.range).toBe(`bytes=${partBytes}-`)
    expect(last?.headers['if-range']).toBeUndefined()
  })

  it('cancel stops the download and deletes the part and sidecar', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 512 * 1024
    const { m, reached } = kit.manager(server)
    const { downloadId } = m.startTarget(kit.TARGET)
    await reached(kit.pastBytes(0))
    const cancelled = await m.cancel(downloadId)
    expect(cancelled.ok && cancelled.value.phase).toBe('cancelled')
    const dest = kit.destination(m)
    expect(existsSync(partPath(dest))).toBe(false)
    expect(existsSync(sidecarPath(dest))).toBe(false)
    expect(existsSync(dest)).toBe(false)
  })

  it('resumes after a dropped connection from the bytes it has', async () => {
    const server = await kit.serve()
    kit.faults(server).dropAtByte = 1024 * 1024 + 17
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(kit.data))
    const gets = kit.byteRequests(server)
    expect(gets.length).toBe(2)
    expect(Number(/bytes=(\d+)-/.exec(gets[1]?.headers.range ?? '')?.[1])).toBeGreaterThan(0)
  })

  it('continues in a new DownloadManager from the sidecar, re-hashing the part first', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 1024 * 1024
    const first = kit.manager(server)
    const { downloadId } = first.m.startTarget(kit.TARGET)
    await first.reached(kit.pastBytes(512 * 1024))
    await first.m.close()
    const onDisk = (await stat(partPath(kit.destination(first.m)))).size

    kit.faults(server).bytesPerSecond = null
    const second = kit.manager(server)
    const partials = await second.m.scanPartials()
    expect(partials).toHaveLength(1)
    expect(partials[0]).toMatchObject({
      downloadId,
      phase: 'paused',
      bytesDone: onDisk,
      totalBytes: kit.SIZE,
    })
    expect(second.m.resume(downloadId).ok).toBe(true)
    const final = await second.m.wait(downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(second.seen.some((s) => s.phase === 'verifying')).toBe(true)
    const firstDownloading = second.seen.find((s) => s.phase === 'downloading')
    expect(firstDownloading?.bytesDone).toBe(onDisk)
    expect(kit.sha(await readFile(kit.destination(second.m)))).toBe(kit.sha(kit.data))
  })

  it("continues an older Hearth's part from 16 MiB before its end, where a hole may be", async () => {
    const MiB = 1024 * 1024
    const big = seededBytes(40 * MiB, 'holes')
    kit.current.fake = await startFakeHfServer({
      files: [{ repo: kit.REPO, file: kit.FILE, data: big }],
    })
    const { m } = kit.manager(kit.current.fake)
    const dest = kit.destination(m)
    await mkdir(path.dirname(dest), { recursive: true })
    // 30 MiB as a kill during concurrent writes can leave them: 20-24 MiB never landed (a hole
    // reads as zeros) while 24-30 MiB did. The sidecar says a writer was running.
    const part = Buffer.from(big.subarray(0, 30 * MiB)).fill(0, 20 * MiB, 24 * MiB)
    await writeFile(partPath(dest), part)
    const digest = kit.sha(big)
    // The sidecar as Hearth before the download/ folder wrote it (version 1, `settled`).
    const legacy = {
      ...{
        version: 1,
        name: kit.TARGET.name,
        repo: kit.REPO,
        file: kit.FILE,
        url: kit.current.fake.url,
      },
      ...{ etag: `"${digest}"`, size: big.length, sha256: digest, commit: null, settled: null },
    }
    await writeFile(sidecarPath(dest), JSON.stringify(legacy))
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(dest))).toBe(digest)
    expect(kit.byteRequests(kit.current.fake).at(-1)?.headers.range).toBe(`bytes=${14 * MiB}-`)
  })

  it('retries 500s with backoff and gives up after the bounded count', async () => {
    const server = await kit.serve()
    kit.faults(server).fail500 = 2
    const { m } = kit.manager(server)
    const ok = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(ok.ok && ok.value.phase).toBe('done')
    expect(kit.byteRequests(server)).toHaveLength(3)

    await rm(kit.destination(m))
    kit.faults(server).fail500 = 100
    const bounded = kit.manager(server, {
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    })
    const failed = await bounded.m.wait(bounded.m.startTarget(kit.TARGET).downloadId)
    expect(failed.ok && failed.value.phase).toBe('error')
    expect(failed.ok && failed.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(kit.byteRequests(server)).toHaveLength(3 + 3)
  })

  it('starts over when the remote file changed between runs', async () => {
    const server = await kit.serve()
    kit.faults(server).bytesPerSecond = 1024 * 1024
    const { m, reached } = kit.manager(server)
    const { downloadId } = m.startTarget(kit.TARGET)
    await reached(kit.pastBytes(256 * 1024))
    await m.pause(downloadId)
    const changed = seededBytes(kit.SIZE + 1000, 'model-2')
    server.setFile(kit.REPO, kit.FILE, changed)
    kit.faults(server).bytesPerSecond = null
    m.resume(downloadId)
    const final = await m.wait(downloadId)
    expect(final.ok && final.value).toMatchObject({ phase: 'done', totalBytes: kit.SIZE + 1000 })
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(changed))
    expect(kit.byteRequests(server).at(-1)?.headers.range).toBeUndefined()
  })

  it('restarts from zero when the file changes mid-download (the hub names a new sha256)', async () => {
    const server = await kit.serve()
    const changed = seededBytes(kit.SIZE, 'model-3')
    const faults = kit.faults(server)
    faults.dropAtByte = 1024 * 1024
    faults.onDrop = () => server.setFile(kit.REPO, kit.FILE, changed)
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(changed))
    // No Range for the new version: its bytes never followed the old version's.
    expect(kit.byteRequests(server).map((r) => r.headers.range)).toEqual([undefined, undefined])
  })

  it('deletes the part and reports HASH_MISMATCH when the bytes are wrong', async () => {
    const server = await kit.serve()
    kit.faults(server).wrongBytes = true
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('error')
    expect(final.ok && final.value.error?.code).toBe('HASH_MISMATCH')
    expect(final.ok && final.value.path).toBeNull()
    const dest = kit.destination(m)
    for (const f of [dest, partPath(dest), sidecarPath(dest)]) expect(existsSync(f)).toBe(false)
  })

  it('refuses to start without enough disk space and says how much is missing', async () => {
    const server = await kit.serve()
    const { m } = kit.manager(server, { diskFree: async () => 1_200_000 })
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.error).toEqual({
      code: 'DISK_FULL',
      message:
        'Not enough disk space: LLaMA3-iterative-DPO-final Q4_K_M needs 3.1 MB, 1.2 MB free. Free up space and try again.',
    })
    expect(kit.byteRequests(server)).toHaveLength(0)
  })

  it('follows the redirect to another origin and keeps the token off it', async () => {
    const server = await kit.serve({ requireToken: 'hf_secret_token' })
    expect(new URL(server.cdnUrl).port).not.toBe(new URL(server.url).port)
    const { m } = kit.manager(server, {
      hub: () => ({ endpoint: server.url, token: 'hf_secret_token' }),
    })
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    const hub = server.requests.filter((r) => r.server === 'hub')
    const cdn = server.requests.filter((r) => r.server === 'cdn')
    expect(hub.length).toBeGreaterThan(0)
    expect(hub.every((r) => r.headers.authorization === 'Bearer hf_secret_token')).toBe(true)
    expect(cdn.length).toBeGreaterThan(0)
    expect(cdn.every((r) => r.headers.authorization === undefined)).toBe(true)
  })

  it('explains a gated repo when no token is set', async () => {
    const server = await kit.serve({ requireToken: 'hf_secret_token' })
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(final.ok && final.value.error?.message).toMatch(/access token/)
  })

  it('works with a CDN path on the same origin', async () => {
    const server = await kit.serve({ cdn: 'same-origin' })
    const { m } = kit.manager(server)
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
  })

  it('verifies an already downloaded file without downloading it again', async () => {
    const server = await kit.serve()
    const { m } = kit.manager(server)
    await m.wait(m.startTarget(kit.TARGET).downloadId)
    const again = kit.manager(server)
    const final = await again.m.wait(again.m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(again.seen.some((s) => s.phase === 'verifying')).toBe(true)
    expect(kit.byteRequests(server)).toHaveLength(1)
  })

  it('reports a missing file and bad sources as errors', async () => {
    const server = await kit.serve()
    const { m } = kit.manager(server)
    const missing = m.startTarget({ ...kit.TARGET, file: 'nope.gguf' })
    const final = await m.wait(missing.downloadId)
    expect(final.ok && final.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(final.ok && final.value.error?.message).toMatch(/no file nope.gguf/)
    expect(m.start({ source: 'hf:../etc/passwd.gguf' }).ok).toBe(false)
    expect(m.start({ modelId: 'nope', quant: 'Q4_K_M' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const viaSource = m.start({ source: `hf:${kit.REPO}/${kit.FILE}` })
    expect(viaSource.ok).toBe(true)
    const done = viaSource.ok ? await m.wait(viaSource.value.downloadId) : null
    expect(done?.ok && done.value.phase).toBe('done')
  })
})
