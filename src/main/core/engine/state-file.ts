import { open, type FileHandle } from 'node:fs/promises'
import type { Token } from 'node-llama-cpp'
import { crc32 } from 'node:zlib'
import { z } from 'zod'

/**
 * What Hearth writes after llama.cpp's own sequence state: the keys the state is valid for and a
 * checksum of llama.cpp's bytes. llama.cpp reads its state from the start of the file and knows
 * where it ends, so it never reads what follows (llama_state_seq_load_file, llama.cpp as bundled
 * with node-llama-cpp 3.21.1); and because the header is written last, a file cut short by a crash
 * has none and is never loaded. llama.cpp trusts what it loads (a damaged file can abort the
 * process), so nothing is loaded unless the header and then the checksum verify.
 */
const StateHeaderSchema = z.object({
  format: z.literal(1),
  conversationId: z.string().min(1),
  /** sha256 of the model file the state was evaluated with. */
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The context settings that shape the state (see contextKeyOf). */
  contextKey: z.string(),
  /** How many tokens the state covers; llama.cpp's part lists them. */
  tokenCount: z.number().int().positive(),
  /** Length of llama.cpp's part at the start of the file, and its CRC-32. */
  stateBytes: z.number().int().positive(),
  stateCrc32: z.number().int().nonnegative(),
  savedAt: z.number(),
})
export type StateHeader = z.infer<typeof StateHeaderSchema>

/** The keys a header is written with; the lengths and the checksum are measured. */
export type StateHeaderKeys = Pick<StateHeader, 'conversationId' | 'modelSha256' | 'contextKey'>

const MAGIC = Buffer.from('HEARTHS1')
/** The header's length (u32), its CRC-32 (u32) and the magic end every finished file. */
const TAIL_BYTES = 8 + MAGIC.length
const MAX_HEADER_BYTES = 64 * 1024
const CHUNK_BYTES = 4 * 1024 * 1024
/** llama.cpp's part starts with its magic, its version and the token count (three u32). */
const LLAMA_PREFIX_BYTES = 12

/**
 * Appends the header to a state file llama.cpp has just written and syncs it. The checksum is
 * CRC-32 (zlib's, about 4 GB/s here against sha256's 1 GB/s): it guards against damage (a torn or
 * cut write, a bad sector), not against someone who can already write to the data folder.
 */
export async function finishStateFile(
  path: string,
  keys: StateHeaderKeys,
  tokenCount: number,
): Promise<StateHeader> {
  const file = await open(path, 'r+')
  try {
    const { size } = await file.stat()
    const header: StateHeader = {
      format: 1,
      ...keys,
      tokenCount,
      stateBytes: size,
      stateCrc32: await crcOf(file, size),
      savedAt: Date.now(),
    }
    const json = Buffer.from(JSON.stringify(StateHeaderSchema.parse(header)))
    const tail = Buffer.alloc(TAIL_BYTES)
    tail.writeUInt32LE(json.length, 0)
    tail.writeUInt32LE(crc32(json), 4)
    MAGIC.copy(tail, 8)
    await file.write(Buffer.concat([json, tail]), 0, json.length + TAIL_BYTES, size)
    await file.datasync()
    return header
  } finally {
    await file.close()
  }
}

/** The file's header, or null when it has none or it does not verify (the file is then unusable). */
export async function readStateHeader(path: string): Promise<StateHeader | null> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    if (size < TAIL_BYTES + LLAMA_PREFIX_BYTES) return null
    const tail = await readAt(file, size - TAIL_BYTES, TAIL_BYTES)
    if (tail.length !== TAIL_BYTES || !tail.subarray(8).equals(MAGIC)) return null
    const length = tail.readUInt32LE(0)
    if (length === 0 || length > MAX_HEADER_BYTES || length > size - TAIL_BYTES) return null
    const json = await readAt(file, size - TAIL_BYTES - length, length)
    if (json.length !== length || crc32(json) !== tail.readUInt32LE(4)) return null
    const parsed = StateHeaderSchema.safeParse(safeJson(json.toString('utf8')))
    if (!parsed.success) return null
    // The header must describe exactly the bytes before it.
    return parsed.data.stateBytes === size - TAIL_BYTES - length ? parsed.data : null
  } finally {
    await file.close()
  }
}

/** True when llama.cpp's part still has the checksum the header recorded. */
export async function stateDataIntact(path: string, header: StateHeader): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    return (await crcOf(file, header.stateBytes)) === header.stateCrc32
  } finally {
    await file.close()
  }
}

/** The tokens the state covers, from llama.cpp's part; null when they disagree with the header. */
export async function readStateTokens(path: string, header: StateHeader): Promise<Token[] | null> {
  const file = await open(path, 'r')
  try {
    const count = header.tokenCount
    if (LLAMA_PREFIX_BYTES + 4 * count > header.stateBytes) return null
    const bytes = await readAt(file, 0, LLAMA_PREFIX_BYTES + 4 * count)
    if (bytes.length !== LLAMA_PREFIX_BYTES + 4 * count || bytes.readUInt32LE(8) !== count)
      return null
    const tokens = new Array<Token>(count)
    for (let i = 0; i < count; i++)
      tokens[i] = bytes.readUInt32LE(LLAMA_PREFIX_BYTES + 4 * i) as Token
    return tokens
  } finally {
    await file.close()
  }
}

async function crcOf(file: FileHandle, length: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, length)))
  let crc = 0
  let position = 0
  while (position < length) {
    const want = Math.min(buffer.length, length - position)
    const { bytesRead } = await file.read(buffer, 0, want, position)
    if (bytesRead === 0) return -1
    crc = crc32(buffer.subarray(0, bytesRead), crc)
    position += bytesRead
  }
  return crc
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return buffer.subarray(0, done)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
