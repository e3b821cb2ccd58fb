/**
 * Writes small but real GGUF v3 files for tests (the format: github.com/ggml-org/ggml docs/gguf.md).
 * Metadata values: strings, uint32 numbers, float32 via `{ f32: n }`; tensors are F32 zeros.
 */
import { writeFile } from 'node:fs/promises'

export type GgufValue = string | number | { f32: number }

export interface GgufFixture {
  metadata: Record<string, GgufValue>
  tensors?: { name: string; dims: number[] }[]
}

const ALIGNMENT = 32

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8')
  const len = Buffer.alloc(8)
  len.writeBigUInt64LE(BigInt(b.length))
  return Buffer.concat([len, b])
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(n))
  return b
}

function value(v: GgufValue): Buffer {
  if (typeof v === 'string') return Buffer.concat([u32(8), str(v)])
  if (typeof v === 'number') return Buffer.concat([u32(4), u32(v)])
  const f = Buffer.alloc(4)
  f.writeFloatLE(v.f32)
  return Buffer.concat([u32(6), f])
}

/** The bytes of a GGUF file with the given metadata and F32 tensors. */
export function ggufBytes(fixture: GgufFixture): Buffer {
  const tensors = fixture.tensors ?? []
  const kv = Object.entries(fixture.metadata).map(([k, v]) => Buffer.concat([str(k), value(v)]))
  let offset = 0
  const infos: Buffer[] = []
  const data: Buffer[] = []
  for (const t of tensors) {
    const bytes = t.dims.reduce((a, b) => a * b, 1) * 4
    infos.push(
      Buffer.concat([str(t.name), u32(t.dims.length), ...t.dims.map(u64), u32(0), u64(offset)]),
    )
    const padded = Math.ceil(bytes / ALIGNMENT) * ALIGNMENT
    data.push(Buffer.alloc(padded))
    offset += padded
  }
  const head = Buffer.concat([
    Buffer.from('GGUF'),
    u32(3),
    u64(tensors.length),
    u64(kv.length),
    ...kv,
    ...infos,
  ])
  const pad = Buffer.alloc((ALIGNMENT - (head.length % ALIGNMENT)) % ALIGNMENT)
  return Buffer.concat([head, pad, ...data])
}

/** A tiny Llama-architecture GGUF with Llama 3 8B's shape metadata. */
export function llamaFixture(layers = 32): GgufFixture {
  const tensors = [{ name: 'token_embd.weight', dims: [64, 32] }]
  for (let i = 0; i < layers; i++) tensors.push({ name: `blk.${i}.attn_q.weight`, dims: [64, 64] })
  tensors.push({ name: 'output.weight', dims: [64, 32] })
  return {
    metadata: {
      'general.architecture': 'llama',
      'general.name': 'Hearth test llama',
      'general.alignment': ALIGNMENT,
      'llama.context_length': 8192,
      'llama.embedding_length': 4096,
      'llama.block_count': layers,
      'llama.feed_forward_length': 14336,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': 8,
      'llama.attention.layer_norm_rms_epsilon': { f32: 1e-5 },
    },
    tensors,
  }
}

export async function writeGguf(filePath: string, fixture: GgufFixture): Promise<void> {
  await writeFile(filePath, ggufBytes(fixture))
}
