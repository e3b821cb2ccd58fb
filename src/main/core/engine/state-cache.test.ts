import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ModelIdentity } from './model-identity'
import { MIN_GAIN_MS, SpeedMeter, worthKeeping, worthRestoring } from './save-policy'
import { DEFAULT_STATE_CACHE_BYTES, StateCache } from './state-cache'
import { readStateHeader, readStateTokens, stateDataIntact } from './state-file'

const dirs: string[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-cache-'))
  dirs.push(dir)
  return dir
}

const keysFor = (conversationId: string) => ({
  conversationId,
  modelSha256: 'a'.repeat(64),
  contextKey: '{"contextSize":2048}',
})

/** A stand-in for llama.cpp's part: its three u32 (magic, version, token count), the tokens, state bytes. */
function llamaPart(tokens: number[], stateBytes: number): Buffer {
  const head = Buffer.alloc(12 + 4 * tokens.length)
  head.write('ggsq', 0)
  head.writeUInt32LE(9, 4)
  head.writeUInt32LE(tokens.length, 8)
  tokens.forEach((token, i) => head.writeUInt32LE(token, 12 + 4 * i))
  return Buffer.concat([head, Buffer.alloc(stateBytes, 7)])
}

/** Writes a state the way the keeper does: llama.cpp's part at a temporary path, then commit. */
async function saveState(cache: StateCache, conversationId: string, bytes = 1000) {
  const keys = keysFor(conversationId)
  const temporary = cache.temporaryPath(keys)
  await writeFile(temporary, llamaPart([1, 2, 3], bytes))
  return cache.commit(temporary, keys, 3)
}

describe('state files', () => {
  it("carry a header after llama.cpp's part that verifies, with the tokens the state covers", async () => {
    const cache = new StateCache({ dir: await tempDir(), maxBytes: () => null })
    await cache.open()
    const saved = await saveState(cache, 'c1')
    if (saved === null) throw new Error('not saved')
    expect(saved.header).toMatchObject({ ...keysFor('c1'), tokenCount: 3, stateBytes: 1024 })
    expect(await readStateHeader(saved.path)).toEqual(saved.header)
    expect(await readStateTokens(saved.path, saved.header)).toEqual([1, 2, 3])
    expect(await stateDataIntact(saved.path, saved.header)).toBe(true)
    expect(await cache.find(keysFor('c1'))).toMatchObject({ path: saved.path })
    // Other keys (another model file, other context settings) find nothing.
    expect(await cache.find({ ...keysFor('c1'), modelSha256: 'b'.repeat(64) })).toBeNull()
  })

  it('a flipped byte fails the checksum: the file is deleted and never loaded', async () => {
    const cache = new StateCache({ dir: await tempDir(), maxBytes: () => null })
    const saved = await saveState(cache, 'c1')
    if (saved === null) throw new Error('not saved')
    const bytes = await readFile(saved.path)
    bytes.writeUInt8(bytes.readUInt8(500) ^ 1, 500)
    await writeFile(saved.path, bytes)
    expect(await cache.verify(saved)).toBe(false)
    expect(existsSync(saved.path)).toBe(false)
    expect(await cache.find(keysFor('c1'))).toBeNull()
  })

  it('a damaged header is never trusted', async () => {
    const cache = new StateCache({ dir: await tempDir(), maxBytes: () => null })
    const saved = await saveState(cache, 'c1')
    if (saved === null) throw new Error('not saved')
    const bytes = await readFile(saved.path)
    // Inside the header's JSON: its own checksum no longer matches.
    const at = bytes.length - 40
    bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at)
    await writeFile(saved.path, bytes)
    expect(await readStateHeader(saved.path)).toBeNull()
    expect(await cache.find(keysFor('c1'))).toBeNull()
    expect(existsSync(saved.path)).toBe(false)
  })

  it('at start, removes temporaries and files without a header, and keeps the good ones', async () => {
    const dir = await tempDir()
    const first = new StateCache({ dir, maxBytes: () => null })
    const good = await saveState(first, 'good')
    const cut = await saveState(first, 'cut')
    if (good === null || cut === null) throw new Error('not saved')
    const whole = await readFile(cut.path)
    await writeFile(cut.path, whole.subarray(0, 600))
    await writeFile(join(dir, 'x.hstate.4242.abcd.tmp'), 'half a state')
    const second = new StateCache({ dir, maxBytes: () => null })
    await second.open()
    expect((await readdir(dir)).sort()).toEqual([good.name])
    expect(second.totalBytes).toBe((await stat(good.path)).size)
  })
})

describe('pruning', () => {
  it("deletes the states of conversations that no longer exist (a state holds its conversation's tokens)", async () => {
    const cache = new StateCache({ dir: await tempDir(), maxBytes: () => null })
    await saveState(cache, 'kept')
    await saveState(cache, 'deleted')
    expect(await cache.prune((id) => id === 'kept')).toBe(1)
    expect(await cache.find(keysFor('kept'))).not.toBeNull()
    expect(await cache.find(keysFor('deleted'))).toBeNull()
  })
})

describe('the state cache limit', () => {
  it('evicts the least recently used states to stay under the limit', async () => {
    const dir = await tempDir()
    let limit = 9000
    const cache = new StateCache({ dir, maxBytes: () => limit })
    // Only the clock is faked: the states are written to real files.
    vi.useFakeTimers({ toFake: ['Date'] })
    const a = await saveState(cache, 'a', 3000)
    const b = await saveState(cache, 'b', 3000)
    if (a === null || b === null) throw new Error('not saved')
    vi.setSystemTime(Date.now() + 1_000)
    cache.touch(a) // "a" was used after "b""
    await saveState(cache, 'c', 3000)
    expect(cache.totalBytes).toBeLessThanOrEqual(limit)
    expect(await cache.find(keysFor('b'))).toBeNull()
    expect(await cache.find(keysFor('a'))).not.toBeNull()
    expect(await cache.find(keysFor('c'))).not.toBeNull()
    // Room for a bigger one is made ahead of the write; one larger than the limit is refused.
    expect(await cache.makeRoom(keysFor('d'), 6000)).toBe(true)
    expect(cache.totalBytes).toBeLessThanOrEqual(limit - 6000)
    expect(await cache.makeRoom(keysFor('e'), 20_000)).toBe(false)
    limit = 0
    expect(await saveState(cache, 'f')).toBeNull()
    // Turned off, the cache keeps none of what it had either.
    await saveState(new StateCache({ dir, maxBytes: () => null }), 'g')
    expect(await new StateCache({ dir, maxBytes: () => 0 }).find(keysFor('g'))).toBeNull()
    expect((await readdir(dir)).some((name) => name.endsWith('.hstate'))).toBe(false)
    expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(false)
  })

  it('defaults to the smaller of 4 GB and 10% of the free disk (the cache itself counting as free)', async () => {
    const cache = new StateCache({ dir: await tempDir(), maxBytes: () => null })
    await cache.open()
    const limit = await cache.limitBytes()
    expect(limit).toBeGreaterThan(0)
    expect(limit).toBeLessThanOrEqual(DEFAULT_STATE_CACHE_BYTES)
  })
})

describe('model identity', () => {
  it('hashes a model file once and again only when it changes', async () => {
    const dir = await tempDir()
    const model = join(dir, 'model.gguf')
    await writeFile(model, 'weights one')
    const record = join(dir, 'ids', 'model-ids.json')
    const sha = (text: string) => createHash('sha256').update(text).digest('hex')
    expect(await new ModelIdentity(record).sha256(model)).toBe(sha('weights one'))
    const kept = JSON.parse(await readFile(record, 'utf8')) as Record<string, { sha256: string }>
    expect(kept[model]?.sha256).toBe(sha('weights one'))
    // A new instance (a restart) reads the record: a planted value proves it did not re-hash.
    kept[model] = { ...(kept[model] as object), sha256: 'f'.repeat(64) }
    await writeFile(record, JSON.stringify(kept))
    expect(await new ModelIdentity(record).sha256(model)).toBe('f'.repeat(64))
    await writeFile(model, 'weights two!')
    expect(await new ModelIdentity(record).sha256(model)).toBe(sha('weights two!'))
  })
})

describe('the save policy', () => {
  const gpu = {
    prefillTokensPerSecond: 9000,
    stateBytesPerToken: 131_072,
    restoreBytesPerSecond: 2e9,
  }
  const cpu = {
    prefillTokensPerSecond: 250,
    stateBytesPerToken: 36_864,
    restoreBytesPerSecond: 1e9,
  }

  it('saves on a CPU, where re-evaluating costs seconds, and skips short conversations on a fast GPU', () => {
    expect(worthKeeping(2000, cpu)).toBe(true)
    // An H100-class prefill: 1,000 tokens re-evaluate in about 110 ms, not worth a 131 MB file.
    expect(worthKeeping(1000, gpu)).toBe(false)
    // 8,000 tokens: 890 ms to re-evaluate against about 520 ms to restore: under the 2x rule.
    expect(worthKeeping(8000, gpu)).toBe(false)
    // A laptop GPU at 1,000 tokens per second: 4,000 tokens are worth keeping.
    expect(worthKeeping(4000, { ...gpu, prefillTokensPerSecond: 1000 })).toBe(true)
    expect(worthKeeping(10, cpu)).toBe(false)
    expect(MIN_GAIN_MS).toBe(250)
  })

  it('saves until the speeds are measured, and restores whenever the file is faster', () => {
    const unknown = {
      prefillTokensPerSecond: null,
      stateBytesPerToken: null,
      restoreBytesPerSecond: null,
    }
    expect(worthKeeping(100, unknown)).toBe(true)
    expect(worthRestoring(100, 1e6, unknown)).toBe(true)
    expect(worthRestoring(2000, 74e6, cpu)).toBe(true)
    expect(worthRestoring(100, 512e6, gpu)).toBe(false)
    expect(worthRestoring(0, 1, cpu)).toBe(false)
  })

  it('measures running speeds, ignoring prompts too short to time', () => {
    const meter = new SpeedMeter()
    meter.notePrefill(8, 1)
    expect(meter.speeds.prefillTokensPerSecond).toBeNull()
    meter.notePrefill(1000, 4000)
    meter.noteSave(1000, 36_864_000)
    meter.noteRestore(36_864_000, 20)
    expect(meter.speeds).toEqual({
      prefillTokensPerSecond: 250,
      stateBytesPerToken: 36_864,
      restoreBytesPerSecond: 36_864_000 / 0.02,
    })
  })
})
