/**
 * A minimal GGUF (version 3) writer: typed metadata, F32/F16 tensors, aligned data section.
 * Only `node:` builtins so `node scripts/*.ts` runs it directly under Node's type stripping.
 * Layout: magic, version, counts, key/values, tensor infos, padding, tensor data (each aligned).
 */
import { closeSync, openSync, writeSync } from 'node:fs'

/** A metadata value with the GGUF type it is written as. */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: readonly number[] }
  | { type: 'f32[]'; value: readonly number[] }

/** One metadata entry; entries are written in the order given so files are byte-identical. */
export interface GgufEntry {
  key: string
  value: GgufValue
}

/** The element types this writer can store (ggml type ids 0 and 1). */
export type GgufTensorType = 'f32' | 'f16'

/**
 * One tensor. `dims` are in ggml order: dims[0] (ne0) is the row length.
 * `data` is called once, when the tensor is written, so large models never sit in memory whole.
 */
export interface GgufTensor {
  name: string
  dims: readonly number[]
  type: GgufTensorType
  data: () => Float32Array
}

const GGUF_MAGIC = 0x46554747 // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const
const TENSOR_TYPE: Record<GgufTensorType, number> = { f32: 0, f16: 1 }
const BYTES_PER_ELEMENT: Record<GgufTensorType, number> = { f32: 4, f16: 2 }

/** Appends little-endian values to a growing list of chunks (the header is small). */
class ByteSink {
  readonly chunks: Buffer[] = []
  length = 0

  push(buf: Buffer): void {
    this.chunks.push(buf)
    this.length += buf.length
  }

  u32(n: number): void {
    this.#fixed(4, (b) => b.writeUInt32LE(n))
  }

  i32(n: number): void {
    this.#fixed(4, (b) => b.writeInt32LE(n))
  }

  u64(n: number): void {
    this.#fixed(8, (b) => b.writeBigUInt64LE(BigInt(n)))
  }

  f32(n: number): void {
    this.#fixed(4, (b) => b.writeFloatLE(n))
  }

  /** A fixed-size value: `size` bytes that `write` fills. */
  #fixed(size: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(size)
    write(b)
    this.push(b)
  }

  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8')
    this.u64(bytes.length)
    this.push(bytes)
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
    case 'i32':
    case 'f32':
      sink.u32(VALUE_TYPE[v.type])
      sink[v.type](v.value)
      return
    case 'bool':
      sink.u32(VALUE_TYPE.bool)
      sink.push(Buffer.from([v.value ? 1 : 0]))
      return
    case 'string':
      sink.u32(VALUE_TYPE.string)
      sink.string(v.value)
      return
    case 'string[]':
      writeArray(sink, VALUE_TYPE.string, v.value, (s) => sink.string(s))
      return
    case 'i32[]':
      writeArray(sink, VALUE_TYPE.i32, v.value, (n) => sink.i32(n))
      return
    case 'f32[]':
      writeArray(sink, VALUE_TYPE.f32, v.value, (n) => sink.f32(n))
      return
  }
}

/** An array value: its element type, its length, then each element. */
function writeArray<T>(
  sink: ByteSink,
  elementType: number,
  values: readonly T[],
  writeOne: (value: T) => void,
): void {
  sink.u32(VALUE_TYPE.array)
  sink.u32(elementType)
  sink.u64(values.length)
  for (const value of values) writeOne(value)
}

const alignUp = (n: number, alignment: number): number => Math.ceil(n / alignment) * alignment

/** Number of bytes a tensor's data takes in the file (before alignment padding). */
export function tensorByteSize(t: Pick<GgufTensor, 'dims' | 'type'>): number {
  return t.dims.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[t.type]
}

const scratchF32 = new Float32Array(1)
const scratchU32 = new Uint32Array(scratchF32.buffer)

/** Converts one float to IEEE half precision bits (round to nearest even). */
export function f32ToF16Bits(value: number): number {
  scratchF32[0] = value
  return f32BitsToF16Bits(scratchU32[0] ?? 0)
}

function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  const mant = x & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    const m = mant | 0x800000
    const shift = 14 - e
    const half = 1 << (shift - 1)
    let r = m >>> shift
    const rem = m & ((1 << shift) - 1)
    if (rem > half || (rem === half && (r & 1) === 1)) r++
    return sign | r
  }
  let r = (e << 10) | (mant >>> 13)
  const rem = mant & 0x1fff
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) r++
  return sign | r
}

function encodeTensorData(t: GgufTensor): Buffer {
  const values = t.data()
  const expected = t.dims.reduce((a, b) => a * b, 1)
  if (values.length !== expected) {
    throw new Error(`tensor ${t.name}: ${values.length} values, dims ask for ${expected}`)
  }
  if (t.type === 'f32') {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength)
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
  const out = new Uint16Array(values.length)
  for (let i = 0; i < bits.length; i++) out[i] = f32BitsToF16Bits(bits[i] ?? 0)
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength)
}

interface Layout {
  header: Buffer
  offsets: number[]
  alignment: number
}

function layout(entries: readonly GgufEntry[], tensors: readonly GgufTensor[]): Layout {
  const alignmentEntry = entries.find((e) => e.key === 'general.alignment')
  const alignment = alignmentEntry?.value.type === 'u32' ? alignmentEntry.value.value : 32
  const sink = new ByteSink()
  sink.u32(GGUF_MAGIC)
  sink.u32(GGUF_VERSION)
  sink.u64(tensors.length)
  sink.u64(entries.length)
  for (const e of entries) {
    sink.string(e.key)
    writeValue(sink, e.value)
  }
  const offsets: number[] = []
  let offset = 0
  for (const t of tensors) {
    sink.string(t.name)
    sink.u32(t.dims.length)
    for (const d of t.dims) sink.u64(d)
    sink.u32(TENSOR_TYPE[t.type])
    sink.u64(offset)
    offsets.push(offset)
    offset = alignUp(offset + tensorByteSize(t), alignment)
  }
  sink.push(Buffer.alloc(alignUp(sink.length, alignment) - sink.length))
  return { header: Buffer.concat(sink.chunks), offsets, alignment }
}

/** Yields the file's bytes chunk by chunk: header, then each tensor followed by its padding. */
function* ggufChunks(entries: readonly GgufEntry[], tensors: readonly GgufTensor[]) {
  const { header, alignment } = layout(entries, tensors)
  yield header
  for (const t of tensors) {
    const data = encodeTensorData(t)
    yield data
    const pad = alignUp(data.length, alignment) - data.length
    if (pad > 0) yield Buffer.alloc(pad)
  }
}

/** Builds a whole GGUF file in memory. */
export function buildGguf(entries: readonly GgufEntry[], tensors: readonly GgufTensor[]): Buffer {
  return Buffer.concat([...ggufChunks(entries, tensors)])
}

/** Writes a GGUF file tensor by tensor, so only one tensor's data is in memory at a time. */
export function writeGguf(
  path: string,
  entries: readonly GgufEntry[],
  tensors: readonly GgufTensor[],
): void {
  const fd = openSync(path, 'w')
  try {
    for (const chunk of ggufChunks(entries, tensors)) {
      // writeSync may write less than asked; loop until the chunk is out.
      let done = 0
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done)
    }
  } finally {
    closeSync(fd)
  }
}
