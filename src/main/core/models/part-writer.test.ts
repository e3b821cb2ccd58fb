import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import http, { type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { Sha256Worker } from './hash-worker'
import { directGet } from './http-direct'
import { resumableBytes, writeBlock, writeBody } from './part-writer'

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const ALIGN = 4096

let dir: string
const closers: (() => void)[] = []
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-part-'))
})
afterEach(async () => {
  for (const close of closers.splice(0)) close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * Serves `body` in writes of odd sizes with a pause every 16 (`pauseMs`), so reads vary; stops
 * early, dropping the connection, after `sendBytes`.
 */
async function serveInOddPieces(
  body: Buffer,
  { sendBytes = body.length, pauseMs = 3 } = {},
): Promise<URL> {
  const server = http.createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-length': body.length })
    let at = 0
    let piece = 0
    const more = (): void => {
      if (at >= sendBytes) return void (sendBytes < body.length ? res.socket?.end() : res.end())
      const size = Math.min(1000 + ((piece++ * 7919) % 150_001), sendBytes - at)
      const chunk = body.subarray(at, at + size)
      at += size
      if (res.write(chunk) && piece % 16 !== 0) more()
      else if (piece % 16 === 0) setTimeout(more, pauseMs)
      else res.once('drain', more)
    }
    more()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => server.close())
  const { port } = server.address() as AddressInfo
  return new URL(`http://127.0.0.1:${port}/file.bin`)
}

/** Whether this folder's file system takes O_DIRECT, as Hearth would find out. */
async function takesUnbuffered(folder: string): Promise<boolean> {
  if (typeof constants.O_DIRECT !== 'number') return false
  const file = path.join(folder, 'probe')
  await writeFile(file, '')
  const fh = await open(file, constants.O_WRONLY | constants.O_DIRECT).catch(() => null)
  await fh?.close()
  await rm(file)
  return fh !== null
}

async function download(url: URL, file: string, offset: number) {
  const hasher = new Sha256Worker()
  try {
    if (offset > 0) await hasher.hashFile(file)
    const res = await directGet(url, { headers: {} })
    const ctx = { stallTimeoutMs: 10_000, signal: new AbortController().signal }
    const positions: number[] = []
    const written = await writeBody(file, offset, res.body, hasher, ctx, (p) => positions.push(p))
    return { ...written, positions, digest: await hasher.digest() }
  } finally {
    hasher.close()
  }
}

describe('writeBody', () => {
  it('writes a body that arrives in odd-sized reads and hashes exactly what is on disk', async () => {
    const data = seededBytes(9 * 1024 * 1024 + 123, 'part')
    const file = path.join(dir, 'model.part')
    const got = await download(await serveInOddPieces(data), file, 0)
    expect(got.error).toBeNull()
    expect(got.pos).toBe(data.length)
    expect(got.digest).toBe(sha(data))
    expect((await readFile(file)).equals(data)).toBe(true)
    // Blocks are cut on 4 KiB boundaries, so everything but the unaligned tail can skip the
    // page cache where the file system allows it (ext4 here, on Linux).
    const aligned = data.length - (data.length % ALIGN)
    expect(got.unbufferedBytes).toBe((await takesUnbuffered(dir)) ? aligned : 0)
    expect(got.positions.at(-1)).toBe(data.length)
  })

  it('on a slow line writes part-filled blocks as it goes, each cut on a 4 KiB boundary', async () => {
    const data = seededBytes(10 * 1024 * 1024 + 99, 'slow')
    const file = path.join(dir, 'model.part')
    // About 1.2 MB, then 40 ms of nothing: a 4 MiB block takes longer than 100 ms to fill.
    const got = await download(await serveInOddPieces(data, { pauseMs: 40 }), file, 0)
    expect(got.error).toBeNull()
    expect(got.digest).toBe(sha(data))
    expect((await readFile(file)).equals(data)).toBe(true)
    const before = got.positions.slice(0, -1)
    expect(before.some((p) => p % (4 * 1024 * 1024) !== 0)).toBe(true)
    expect(before.every((p) => p % ALIGN === 0)).toBe(true)
  })

  it('keeps a dropped body up to its last 4 KiB boundary, hashed, so the retry stays aligned', async () => {
    const data = seededBytes(6 * 1024 * 1024, 'dropped')
    const sent = 5 * 1024 * 1024 + 1234
    const file = path.join(dir, 'model.part')
    const got = await download(await serveInOddPieces(data, { sendBytes: sent }), file, 0)
    expect(got.error).toBeInstanceOf(Error)
    const kept = sent - (sent % ALIGN)
    expect(got.pos).toBe(kept)
    expect(got.digest).toBe(sha(data.subarray(0, kept)))
    expect((await readFile(file)).equals(data.subarray(0, kept))).toBe(true)
  })

  it('continues a part of an unaligned length with buffered writes, cutting off its unhashed end', async () => {
    const data = seededBytes(3 * 1024 * 1024 + 5, 'resume')
    const offset = 1_000_001
    const file = path.join(dir, 'model.part')
    // Bytes past the offset were never hashed (a short write before a kill): they must go.
    await writeFile(file, Buffer.concat([data.subarray(0, offset), Buffer.alloc(777, 0xee)]))
    const rest = data.subarray(offset)
    const hasher = new Sha256Worker()
    try {
      // The hash of the part's first `offset` bytes, as download-task re-hashes before resuming.
      await writeFile(path.join(dir, 'prefix'), data.subarray(0, offset))
      await hasher.hashFile(path.join(dir, 'prefix'))
      const res = await directGet(await serveInOddPieces(rest), { headers: {} })
      const ctx = { stallTimeoutMs: 10_000, signal: new AbortController().signal }
      const got = await writeBody(file, offset, res.body, hasher, ctx, () => undefined)
      expect(got.error).toBeNull()
      expect(got.pos).toBe(data.length)
      // Every block starts at an unaligned place in the file: none can go unbuffered.
      expect(got.unbufferedBytes).toBe(0)
      expect(await hasher.digest()).toBe(sha(data))
      expect((await readFile(file)).equals(data)).toBe(true)
    } finally {
      hasher.close()
    }
  })

  it('stops at once on abort and leaves only hashed bytes behind', async () => {
    const data = seededBytes(8 * 1024 * 1024, 'abort')
    const file = path.join(dir, 'model.part')
    const url = await serveInOddPieces(data)
    const hasher = new Sha256Worker()
    try {
      const res = await directGet(url, { headers: {} })
      const abort = new AbortController()
      const ctx = { stallTimeoutMs: 10_000, signal: abort.signal }
      const got = await writeBody(file, 0, res.body, hasher, ctx, (p) => {
        if (p >= 2 * 1024 * 1024) abort.abort(new Error('paused'))
      })
      expect(got.error).toMatchObject({ message: 'paused' })
      expect(got.pos).toBeGreaterThanOrEqual(2 * 1024 * 1024)
      expect(got.pos).toBeLessThan(data.length)
      expect(await hasher.digest()).toBe(sha(data.subarray(0, got.pos)))
      // Writes in flight when the abort came finish and count; blocks still waiting are dropped.
      expect((await readFile(file)).equals(data.subarray(0, got.pos))).toBe(true)
    } finally {
      hasher.close()
    }
  })

  it('falls back to buffered writes for good when the disk refuses an unbuffered one', async (t) => {
    const file = path.join(dir, 'model.part')
    await writeFile(file, '')
    if (!(await takesUnbuffered(dir))) {
      const why = `Skipping: ${dir} does not take O_DIRECT here, so there is no unbuffered write to refuse.`
      console.log(why)
      t.skip(why)
    }
    const buffered = await open(file, 'r+')
    const direct = await open(file, constants.O_WRONLY | constants.O_DIRECT)
    try {
      const files = { buffered, direct: direct as typeof direct | null }
      const data = seededBytes(2 * ALIGN, 'einval')
      // Aligned offset and length, but memory 16 bytes into a plain SharedArrayBuffer, which
      // the kernel refuses (EINVAL) as it would on a disk that needs another alignment.
      const shared = new Uint8Array(new SharedArrayBuffer(data.length + 16))
      shared.set(data, 16)
      expect(await writeBlock(files, shared.subarray(16), 0)).toBe(0)
      expect(files.direct).toBeNull()
      expect((await readFile(file)).equals(data)).toBe(true)
    } finally {
      await direct.close()
      await buffered.close()
    }
  })
})

describe('resumableBytes', () => {
  const MiB = 1024 * 1024
  it('trusts a part whose writer stopped in order, or wrote in order (older sidecars)', () => {
    expect(resumableBytes(40 * MiB + 5, 40 * MiB + 5)).toBe(40 * MiB + 5)
    expect(resumableBytes(40 * MiB + 5, undefined)).toBe(40 * MiB + 5)
  })

  it('after a kill, continues from 16 MiB before the end, on a 4 KiB boundary', () => {
    expect(resumableBytes(40 * MiB + 5000, null)).toBe(24 * MiB + 4096)
    // A length that does not match the record also means a writer ran after it.
    expect(resumableBytes(40 * MiB, 30 * MiB)).toBe(24 * MiB)
    expect(resumableBytes(10 * MiB, null)).toBe(0)
  })
})
