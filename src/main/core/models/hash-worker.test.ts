import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { isPooled, POOL_BUFFER_SIZE, takePooled } from './buffer-pool'
import { Sha256Worker } from './hash-worker'

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

describe('Sha256Worker', () => {
  it('hashes owned and shared chunks in order, like createHash', async () => {
    const data = seededBytes(3 * 1024 * 1024 + 5, 'hw')
    const h = new Sha256Worker()
    try {
      // A slice of a bigger buffer is copied; a buffer of its own is transferred (emptied).
      const own = Buffer.from(data.subarray(1000, 2 * 1024 * 1024))
      h.update([data.subarray(0, 1000), own])
      expect(own.length).toBe(0)
      h.update([Buffer.from(data.subarray(2 * 1024 * 1024))])
      await h.whenBelow(0)
      expect(h.queuedBytes).toBe(0)
      expect(await h.digest()).toBe(sha(data))
    } finally {
      h.close()
    }
  })

  it('moves pooled buffers to the worker and takes them back into the pool once hashed', async () => {
    const data = seededBytes(POOL_BUFFER_SIZE + 100, 'pool')
    const h = new Sha256Worker()
    try {
      const first = Buffer.from(takePooled(), 0, POOL_BUFFER_SIZE - 10)
      data.copy(first, 0, 0, first.length)
      const second = Buffer.from(takePooled(), 0, 110)
      data.copy(second, 0, first.length)
      expect(isPooled(first.buffer)).toBe(true)
      h.update([first, second])
      expect(first.length).toBe(0)
      await h.whenBelow(0)
      expect(await h.digest()).toBe(sha(data))
      // Returned buffers are handed out again, whole.
      const again = takePooled()
      expect(again.byteLength).toBe(POOL_BUFFER_SIZE)
      expect(isPooled(again)).toBe(true)
    } finally {
      h.close()
    }
  })

  it('continues a file hash with later chunks and keeps concurrent hashes apart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hearth-hw-'))
    try {
      const data = seededBytes(9 * 1024 * 1024, 'file')
      const file = path.join(dir, 'part')
      await writeFile(file, data.subarray(0, 5 * 1024 * 1024))
      const a = new Sha256Worker()
      const b = new Sha256Worker()
      try {
        const progress: number[] = []
        b.update([Buffer.from('other')])
        expect(await a.hashFile(file, { onBytes: (n) => progress.push(n) })).toBe(5 * 1024 * 1024)
        expect(progress.at(-1)).toBe(5 * 1024 * 1024)
        a.update([Buffer.from(data.subarray(5 * 1024 * 1024))])
        expect(await a.digest()).toBe(sha(data))
        expect(await b.digest()).toBe(sha(Buffer.from('other')))
        const c = new Sha256Worker()
        await expect(c.hashFile(path.join(dir, 'missing'))).rejects.toMatchObject({
          code: 'ENOENT',
        })
        c.close()
      } finally {
        a.close()
        b.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects a file hash when aborted and fails later calls after close', async () => {
    const h = new Sha256Worker()
    const controller = new AbortController()
    controller.abort(new Error('paused'))
    await expect(h.hashFile('/nonexistent', { signal: controller.signal })).rejects.toThrow(
      'paused',
    )
    h.close()
    await expect(h.digest()).rejects.toThrow(/closed/)
  })
})
