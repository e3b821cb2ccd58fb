import { open } from 'node:fs/promises'
import { readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import { checkModelFile, noModelFileAt } from '../files/model-file'

/** What a checked GGUF file says about itself. */
export interface GgufCheck {
  path: string
  sizeBytes: number
  architecture: string
  /** `general.name`, if the file has one. */
  name: string | null
  /** The context length the model was trained with, if the file says. */
  trainContextSize: number | null
  /** The parsed header, for whoever needs more of it (no second read). */
  info: GgufFileInfo
}

const MAGIC = Buffer.from('GGUF', 'ascii')

async function readMagic(filePath: string): Promise<Buffer> {
  const fh = await open(filePath, 'r')
  try {
    const buf = Buffer.alloc(4)
    const { bytesRead } = await fh.read(buf, 0, 4, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/**
 * Check a local file before it is ever loaded: it is a regular file it can read (`checkModelFile`), starts with the GGUF magic, its
 * metadata parses (node-llama-cpp's reader, header only) and names an architecture. Anything
 * else is NOT_GGUF with a message for the user, so llama.cpp never sees a random or partial file.
 */
export async function checkGgufFile(filePath: string): Promise<Result<GgufCheck>> {
  // Absolute, a regular file (never a FIFO, a device or a folder) and readable: one message if not.
  const file = await checkModelFile(filePath)
  if (!file.ok) return file
  const sizeBytes = file.value.sizeBytes
  const notGguf = err<GgufCheck>(
    'NOT_GGUF',
    `${filePath} is not a GGUF model file. Pick a .gguf file (for example from Hugging Face).`,
  )
  try {
    if (!(await readMagic(filePath)).equals(MAGIC)) return notGguf
  } catch {
    return noModelFileAt(filePath)
  }
  let info: GgufFileInfo
  try {
    info = await readGgufFileInfo(filePath, {
      sourceType: 'filesystem',
      logWarnings: false,
      // Splitting is for multi-part downloads; a single file is what Hearth loads.
      spliceSplitFiles: false,
    })
  } catch {
    return err(
      'NOT_GGUF',
      `${filePath} looks like a GGUF file but its header cannot be read: it may be damaged or incomplete. Download it again.`,
    )
  }
  // The header comes from a file on disk: its metadata may lack what the types promise.
  const metadata = info.metadata as { general?: { architecture?: unknown } } | undefined
  const architecture = metadata?.general?.architecture
  if (typeof architecture !== 'string' || architecture === '') {
    return err(
      'NOT_GGUF',
      `${filePath} does not say which model architecture it is, so it cannot be loaded.`,
    )
  }
  const name: unknown = info.metadata.general.name
  const ctx: unknown = (info.architectureMetadata as { context_length?: unknown }).context_length
  return ok({
    path: filePath,
    sizeBytes,
    architecture,
    name: typeof name === 'string' ? name : null,
    trainContextSize: typeof ctx === 'number' ? ctx : null,
    info,
  })
}
