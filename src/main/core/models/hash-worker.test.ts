import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { Sha256Worker } from './hash-worker'

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** `bytes` copied into shared memory, as the download ring holds them. */
function inShared(bytes: Uint8Array): Uint8Array {
  const view = new Uint8Array(new SharedArrayBuffer(bytes.length))
  view.set(bytes)
  return view
}

describe('Sha256Worker', () => {
  it('reads shared memory in place and calls back in order once each update is hashed', async () => {
    const data = seededBytes(2 * 1024 * 1024, 'shared')
    const shared = new Uint8Array(new SharedArrayBuffer(data.length + 8))
    shared.set(data, 8)
    const h = new Sha256Worker()
    try {
      const hashed: string[] = []
      h.update(shared.subarray(8, 8 + 1024 * 1024), () => hashed.push('first'))
      h.update(shared.subarray(8 + 1024 * 1024), () => hashed.push('second'))
      // Shared, not moved: the caller's view still holds its bytes.
      expect(shared.byteLength).toBe(data.length + 8)
      expect(await h.digest()).toBe(sha(data))
      expect(hashed).toEqual(['first', 'second'])
    } finally {
      h.close()
    }
  })

  it('takes only shared memory, which it reads in place', () => {
    const h = new Sha256Worker()
    try {
      expect(() => h.update(Buffer.from('not shared'))).toThrow(TypeError)
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
        b.update(inShared(Buffer.from('other')))
        expect(await a.hashFile(file, { onBytes: (n) => progress.push(n) })).toBe(5 * 1024 * 1024)
        expect(progress.at(-1)).toBe(5 * 1024 * 1024)
        a.update(inShared(data.subarray(5 * 1024 * 1024)))
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
