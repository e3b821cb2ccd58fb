/**
 * Small but real GGUF v3 files for the model tests (the GGUF check, the fit estimate), written by
 * the same writer as the generated test model (scripts/gguf-writer.ts). Metadata values: strings,
 * uint32 numbers, float32 via `{ f32: n }`; tensors are F32 zeros.
 */
import { writeFile } from 'node:fs/promises'
import { buildGguf, type GgufEntry, type GgufValue as TypedValue } from '../scripts/gguf-writer.ts'

type GgufValue = string | number | { f32: number }

export interface GgufFixture {
  metadata: Record<string, GgufValue>
  tensors?: { name: string; dims: number[] }[]
}

const ALIGNMENT = 32

function typed(value: GgufValue): TypedValue {
  if (typeof value === 'string') return { type: 'string', value }
  if (typeof value === 'number') return { type: 'u32', value }
  return { type: 'f32', value: value.f32 }
}

/** The bytes of a GGUF file with the given metadata and F32 tensors of zeros. */
export function ggufBytes(fixture: GgufFixture): Buffer {
  const entries: GgufEntry[] = Object.entries(fixture.metadata).map(([key, value]) => ({
    key,
    value: typed(value),
  }))
  const tensors = (fixture.tensors ?? []).map((tensor) => ({
    name: tensor.name,
    dims: tensor.dims,
    type: 'f32' as const,
    data: () => new Float32Array(tensor.dims.reduce((a, b) => a * b, 1)),
  }))
  return buildGguf(entries, tensors)
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
