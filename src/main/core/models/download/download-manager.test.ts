import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes, startFakeHfServer } from '../../../../../e2e/fixtures/fake-hf-server'
import { DownloadStatusSchema } from '../../../../shared/contract/schemas/models'
import {
  byteRequests,
  data,
  FILE,
  kit,
  manager,
  REPO,
  serve,
  sha,
  SIZE,
  TARGET,
  pastBytes,
  useDownloadKit,
} from '../../../../../test-support/download-kit'
import { partPath, sidecarPath } from './sidecar'

useDownloadKit()

describe('DownloadManager', () => {
  it('downloads a file, reports progress and renames it into place once verified', async () => {
    const server = await serve()
    const { m, seen } = manager(server)
    const started = m.startTarget(TARGET)
    const final = await m.wait(started.downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    const dest = m.destinationFor(REPO, FILE)
    expect(final.ok && final.value.path).toBe(dest)
    expect(sha(await readFile(dest))).toBe(sha(data))
    expect(existsSync(partPath(dest))).toBe(false)
    expect(existsSync(sidecarPath(dest))).toBe(false)
    const phases = seen.map((s) => s.phase)
    expect(phases[0]).toBe('checking')
    expect(phases).toContain('downloading')
    expect(phases.at(-1)).toBe('done')
    const downloading = seen.filter((s) => s.phase === 'downloading')
    expect(downloading.every((s) => s.totalBytes === SIZE)).toBe(true)
    // Every event is a valid wire payload for the contract.
    for (const s of seen) expect(DownloadStatusSchema.parse(s)).toEqual(s)
  })

  it('throttles progress and reports speed and time left', async () => {
    const server = await serve()
    server.faults(REPO, FILE).bytesPerSecond = 2 * 1024 * 1024
    const { m, seen } = manager(server, { progressIntervalMs: 200 })
    const t0 = Date.now()
    await m.wait(m.startTarget(TARGET).downloadId)
    const elapsed = Date.now() - t0
    const progress = seen.filter((s) => s.phase === 'downloading')
    // Phase changes are immediate; in between at most one event per 200 ms window.
    expect(progress.length).toBeLessThanOrEqual(elapsed / 200 + 3)
    expect(progress.some((s) => s.bytesPerSecond > 0 && s.secondsLeft !== null)).toBe(true)
    const bytes = progress.map((s) => s.bytesDone)
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes)
  })

  it('pauses, keeps the part, and resumes with Range (the hub confirms the same sha256)', async () => {
    const server = await serve()
    server.faults(REPO, FILE).bytesPerSecond = 1024 * 1024
    const { m, reached } = manager(server)
    const { downloadId } = m.startTarget(TARGET)
    await reached(pastBytes(256 * 1024))
    const paused = await m.pause(downloadId)
    expect(paused.ok && paused.value.phase).toBe('paused')
    const dest = m.destinationFor(REPO, FILE)
    const partBytes = (await stat(partPath(dest))).size
    expect(partBytes).toBeGreaterThan(0)
    expect(existsSync(sidecarPath(dest))).toBe(true)

    server.faults(REPO, FILE).bytesPerSecond = null
    expect(m.resume(downloadId).ok).toBe(true)
    const final = await m.wait(downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(sha(await readFile(dest))).toBe(sha(data))
    const last = byteRequests(server).at(-1)
    expect(last?.headers.range).toBe(`bytes=${partBytes}-`)
    expect(last?.headers['if-range']).toBeUndefined()
  })

  it('cancel stops the download and deletes the part and sidecar', async () => {
    const server = await serve()
    server.faults(REPO, FILE).bytesPerSecond = 512 * 1024
    const { m, reached } = manager(server)
    const { downloadId } = m.startTarget(TARGET)
    await reached(pastBytes(0))
    const cancelled = await m.cancel(downloadId)
    expect(cancelled.ok && cancelled.value.phase).toBe('cancelled')
    const dest = m.destinationFor(REPO, FILE)
    expect(existsSync(partPath(dest))).toBe(false)
    expect(existsSync(sidecarPath(dest))).toBe(false)
    expect(existsSync(dest)).toBe(false)
  })

  it('resumes after a dropped connection from the bytes it has', async () => {
    const server = await serve()
    server.faults(REPO, FILE).dropAtByte = 1024 * 1024 + 17
    const { m } = manager(server)
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(sha(await readFile(m.destinationFor(REPO, FILE)))).toBe(sha(data))
    const gets = byteRequests(server)
    expect(gets.length).toBe(2)
    expect(Number(/bytes=(\d+)-/.exec(gets[1]?.headers.range ?? '')?.[1])).toBeGreaterThan(0)
  })

  it('continues in a new DownloadManager from the sidecar, re-hashing the part first', async () => {
    const server = await serve()
    server.faults(REPO, FILE).bytesPerSecond = 1024 * 1024
    const first = manager(server)
    const { downloadId } = first.m.startTarget(TARGET)
    await first.reached(pastBytes(512 * 1024))
    await first.m.close()
    const onDisk = (await stat(partPath(first.m.destinationFor(REPO, FILE)))).size

    server.faults(REPO, FILE).bytesPerSecond = null
    const second = manager(server)
    const partials = await second.m.scanPartials()
    expect(partials).toHaveLength(1)
    expect(partials[0]).toMatchObject({
      downloadId,
      phase: 'paused',
      bytesDone: onDisk,
      totalBytes: SIZE,
    })
    expect(second.m.resume(downloadId).ok).toBe(true)
    const final = await second.m.wait(downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(second.seen.some((s) => s.phase === 'verifying')).toBe(true)
    const firstDownloading = second.seen.find((s) => s.phase === 'downloading')
    expect(firstDownloading?.bytesDone).toBe(onDisk)
    expect(sha(await readFile(second.m.destinationFor(REPO, FILE)))).toBe(sha(data))
  })

  it("continues an older Hearth's part from 16 MiB before its end, where a hole may be", async () => {
    const MiB = 1024 * 1024
    const big = seededBytes(40 * MiB, 'holes')
    kit.fake = await startFakeHfServer({ files: [{ repo: REPO, file: FILE, data: big }] })
    const { m } = manager(kit.fake)
    const dest = m.destinationFor(REPO, FILE)
    await mkdir(path.dirname(dest), { recursive: true })
    // 30 MiB as a kill during concurrent writes can leave them: 20-24 MiB never landed (a hole
    // reads as zeros) while 24-30 MiB did. The sidecar says a writer was running.
    const part = Buffer.from(big.subarray(0, 30 * MiB)).fill(0, 20 * MiB, 24 * MiB)
    await writeFile(partPath(dest), part)
    const digest = sha(big)
    // The sidecar as Hearth before the download/ folder wrote it (version 1, `settled`).
    const legacy = {
      ...{ version: 1, name: TARGET.name, repo: REPO, file: FILE, url: kit.fake.url },
      ...{ etag: `"${digest}"`, size: big.length, sha256: digest, commit: null, settled: null },
    }
    await writeFile(sidecarPath(dest), JSON.stringify(legacy))
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(sha(await readFile(dest))).toBe(digest)
    expect(byteRequests(kit.fake).at(-1)?.headers.range).toBe(`bytes=${14 * MiB}-`)
  })

  it('retries 500s with backoff and gives up after the bounded count', async () => {
    const server = await serve()
    server.faults(REPO, FILE).fail500 = 2
    const { m } = manager(server)
    const ok = await m.wait(m.startTarget(TARGET).downloadId)
    expect(ok.ok && ok.value.phase).toBe('done')
    expect(byteRequests(server)).toHaveLength(3)

    await rm(m.destinationFor(REPO, FILE))
    server.faults(REPO, FILE).fail500 = 100
    const bounded = manager(server, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } })
    const failed = await bounded.m.wait(bounded.m.startTarget(TARGET).downloadId)
    expect(failed.ok && failed.value.phase).toBe('error')
    expect(failed.ok && failed.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(byteRequests(server)).toHaveLength(3 + 3)
  })

  it('starts over when the remote file changed between runs', async () => {
    const server = await serve()
    server.faults(REPO, FILE).bytesPerSecond = 1024 * 1024
    const { m, reached } = manager(server)
    const { downloadId } = m.startTarget(TARGET)
    await reached(pastBytes(256 * 1024))
    await m.pause(downloadId)
    const changed = seededBytes(SIZE + 1000, 'model-2')
    server.setFile(REPO, FILE, changed)
    server.faults(REPO, FILE).bytesPerSecond = null
    m.resume(downloadId)
    const final = await m.wait(downloadId)
    expect(final.ok && final.value).toMatchObject({ phase: 'done', totalBytes: SIZE + 1000 })
    expect(sha(await readFile(m.destinationFor(REPO, FILE)))).toBe(sha(changed))
    expect(byteRequests(server).at(-1)?.headers.range).toBeUndefined()
  })

  it('restarts from zero when the file changes mid-download (the hub names a new sha256)', async () => {
    const server = await serve()
    const changed = seededBytes(SIZE, 'model-3')
    const faults = server.faults(REPO, FILE)
    faults.dropAtByte = 1024 * 1024
    faults.onDrop = () => server.setFile(REPO, FILE, changed)
    const { m } = manager(server)
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(sha(await readFile(m.destinationFor(REPO, FILE)))).toBe(sha(changed))
    // No Range for the new version: its bytes never followed the old version's.
    expect(byteRequests(server).map((r) => r.headers.range)).toEqual([undefined, undefined])
  })

  it('deletes the part and reports HASH_MISMATCH when the bytes are wrong', async () => {
    const server = await serve()
    server.faults(REPO, FILE).wrongBytes = true
    const { m } = manager(server)
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('error')
    expect(final.ok && final.value.error?.code).toBe('HASH_MISMATCH')
    expect(final.ok && final.value.path).toBeNull()
    const dest = m.destinationFor(REPO, FILE)
    for (const f of [dest, partPath(dest), sidecarPath(dest)]) expect(existsSync(f)).toBe(false)
  })

  it('refuses to start without enough disk space and says how much is missing', async () => {
    const server = await serve()
    const { m } = manager(server, { diskFree: async () => 1_200_000 })
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.error).toEqual({
      code: 'DISK_FULL',
      message:
        'Not enough disk space: LLaMA3-iterative-DPO-final Q4_K_M needs 3.1 MB, 1.2 MB free. Free up space and try again.',
    })
    expect(byteRequests(server)).toHaveLength(0)
  })

  it('follows the redirect to another origin and keeps the token off it', async () => {
    const server = await serve({ requireToken: 'hf_secret_token' })
    expect(new URL(server.cdnUrl).port).not.toBe(new URL(server.url).port)
    const { m } = manager(server, {
      hub: () => ({ endpoint: server.url, token: 'hf_secret_token' }),
    })
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    const hub = server.requests.filter((r) => r.server === 'hub')
    const cdn = server.requests.filter((r) => r.server === 'cdn')
    expect(hub.length).toBeGreaterThan(0)
    expect(hub.every((r) => r.headers.authorization === 'Bearer hf_secret_token')).toBe(true)
    expect(cdn.length).toBeGreaterThan(0)
    expect(cdn.every((r) => r.headers.authorization === undefined)).toBe(true)
  })

  it('explains a gated repo when no token is set', async () => {
    const server = await serve({ requireToken: 'hf_secret_token' })
    const { m } = manager(server)
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(final.ok && final.value.error?.message).toMatch(/access token/)
  })

  it('works with a CDN path on the same origin', async () => {
    const server = await serve({ cdn: 'same-origin' })
    const { m } = manager(server)
    const final = await m.wait(m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
  })

  it('verifies an already downloaded file without downloading it again', async () => {
    const server = await serve()
    const { m } = manager(server)
    await m.wait(m.startTarget(TARGET).downloadId)
    const again = manager(server)
    const final = await again.m.wait(again.m.startTarget(TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(again.seen.some((s) => s.phase === 'verifying')).toBe(true)
    expect(byteRequests(server)).toHaveLength(1)
  })

  it('reports a missing file and bad sources as errors', async () => {
    const server = await serve()
    const { m } = manager(server)
    const missing = m.startTarget({ ...TARGET, file: 'nope.gguf' })
    const final = await m.wait(missing.downloadId)
    expect(final.ok && final.value.error?.code).toBe('DOWNLOAD_FAILED')
    expect(final.ok && final.value.error?.message).toMatch(/no file nope.gguf/)
    expect(m.start({ source: 'hf:../etc/passwd.gguf' }).ok).toBe(false)
    expect(m.start({ modelId: 'nope', quant: 'Q4_K_M' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const viaSource = m.start({ source: `hf:${REPO}/${FILE}` })
    expect(viaSource.ok).toBe(true)
    const done = viaSource.ok ? await m.wait(viaSource.value.downloadId) : null
    expect(done?.ok && done.value.phase).toBe('done')
  })
})
