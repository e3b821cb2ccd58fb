import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildGguf, f32ToF16Bits, tensorByteSize, writeGguf } from './gguf-writer.ts'
import type { GgufEntry, GgufTensor } from './gguf-writer.ts'

const entries: GgufEntry[] = [
  { key: 'general.alignment', value: { type: 'u32', value: 32 } },
  { key: 'a.string', value: { type: 'string', value: 'hé' } },
  { key: 'a.ints', value: { type: 'i32[]', value: [1, -2] } },
  { key: 'a.flag', value: { type: 'bool', value: true } },
]
const tensors: GgufTensor[] = [
  { name: 'x', dims: [3], type: 'f32', data: () => new Float32Array([1, 2, 3]) },
  { name: 'y', dims: [2, 2], type: 'f16', data: () => new Float32Array([1, -2, 0.5, 65504]) },
]

/** Reads back the parts of a GGUF header these tests check. */
function parse(buf: Buffer) {
  let pos = 0
  const u32 = () => ((pos += 4), buf.readUInt32LE(pos - 4))
  const u64 = () => ((pos += 8), Number(buf.readBigUInt64LE(pos - 8)))
  const str = () => {
    const n = u64()
    pos += n
    return buf.toString('utf8', pos - n, pos)
  }
  const magic = buf.toString('latin1', 0, 4)
  pos = 4
  const version = u32()
  const nTensors = u64()
  const nKv = u64()
  const kv: Record<string, unknown> = {}
  for (let i = 0; i < nKv; i++) {
    const key = str()
    const type = u32()
    if (type === 4) kv[key] = u32()
    else if (type === 8) kv[key] = str()
    else if (type === 7) kv[key] = buf[pos++] === 1
    else if (type === 9) {
      const elemType = u32()
      const n = u64()
      const values: number[] = []
      for (let j = 0; j < n; j++) values.push(((pos += 4), buf.readInt32LE(pos - 4)))
      kv[key] = { elemType, values }
    }
  }
  const infos = []
  for (let i = 0; i < nTensors; i++) {
    const name = str()
    const nDims = u32()
    const dims = Array.from({ length: nDims }, u64)
    infos.push({ name, dims, type: u32(), offset: u64() })
  }
  const dataStart = Math.ceil(pos / 32) * 32
  return { magic, version, kv, infos, dataStart }
}

describe('gguf-writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gguf-writer-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes a version 3 header with typed metadata', () => {
    const { magic, version, kv } = parse(buildGguf(entries, tensors))
    expect(magic).toBe('GGUF')
    expect(version).toBe(3)
    expect(kv).toEqual({
      'general.alignment': 32,
      'a.string': 'hé',
      'a.ints': { elemType: 5, values: [1, -2] },
      'a.flag': true,
    })
  })

  it('places each tensor at an aligned offset after the previous one', () => {
    const buf = buildGguf(entries, tensors)
    const { infos, dataStart } = parse(buf)
    expect(infos).toEqual([
      { name: 'x', dims: [3], type: 0, offset: 0 },
      { name: 'y', dims: [2, 2], type: 1, offset: 32 },
    ])
    expect(buf.length).toBe(dataStart + 64)
    expect(buf.readFloatLE(dataStart + 8)).toBe(3)
    expect(buf.readUInt16LE(dataStart + 32)).toBe(0x3c00) // 1.0 in half precision
    expect(buf.readUInt16LE(dataStart + 38)).toBe(0x7bff) // 65504, the largest half
  })

  it('streams to a file with the same bytes it builds in memory', () => {
    const path = join(dir, 'a.gguf')
    writeGguf(path, entries, tensors)
    expect(readFileSync(path).equals(buildGguf(entries, tensors))).toBe(true)
  })

  it('converts floats to half precision, rounding to nearest even', () => {
    expect(f32ToF16Bits(0)).toBe(0)
    expect(f32ToF16Bits(-2)).toBe(0xc000)
    expect(f32ToF16Bits(0.1)).toBe(0x2e66)
    expect(f32ToF16Bits(1e-7)).toBe(0x0002) // subnormal
    expect(f32ToF16Bits(1e6)).toBe(0x7c00) // overflow to infinity
    expect(tensorByteSize({ dims: [4, 3], type: 'f16' })).toBe(24)
  })

  it('rejects a tensor whose data does not match its dims (a generator bug)', () => {
    const bad: GgufTensor = { name: 'z', dims: [4], type: 'f32', data: () => new Float32Array(3) }
    expect(() => buildGguf(entries, [bad])).toThrow(/dims ask for 4/)
  })
})
