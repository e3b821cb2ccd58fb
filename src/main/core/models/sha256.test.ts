import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { hashFileInto, sha256File } from './sha256'

it('hashes a file in chunks, yielding to the event loop, and the hash can continue', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hearth-sha-'))
  try {
    const data = seededBytes(10 * 1024 * 1024 + 5, 'sha')
    const file = path.join(dir, 'f')
    await writeFile(file, data.subarray(0, 6_000_000))
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    const progress: number[] = []
    const hash = createHash('sha256')
    const n = await hashFileInto(hash, file, { onBytes: (b) => progress.push(b) })
    clearInterval(timer)
    expect(n).toBe(6_000_000)
    expect(progress.at(-1)).toBe(6_000_000)
    expect(progress.length).toBeGreaterThan(1)
    expect(ticks).toBeGreaterThan(0)
    hash.update(data.subarray(6_000_000))
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'))
    await writeFile(file, data)
    expect(await sha256File(file)).toBe(createHash('sha256').update(data).digest('hex'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
