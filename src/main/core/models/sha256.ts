import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'

export interface HashFileOptions {
  /** Called after each chunk with the bytes hashed so far. */
  onBytes?: (bytes: number) => void
  signal?: AbortSignal
}

/**
 * Feed a file into `hash` in 4 MiB reads. Each read is an await, so the event loop keeps turning
 * (IPC, progress events) while gigabytes are hashed; one chunk's update is a few milliseconds.
 * Returns the number of bytes hashed. The Hash can keep taking bytes afterwards, which is how a
 * resumed download continues the sha256 of its part.
 */
export async function hashFileInto(
  hash: Hash,
  filePath: string,
  options: HashFileOptions = {},
): Promise<number> {
  let bytes = 0
  const stream = createReadStream(filePath, {
    highWaterMark: 4 * 1024 * 1024,
    signal: options.signal,
  })
  for await (const chunk of stream) {
    const buf = chunk as Buffer
    hash.update(buf)
    bytes += buf.length
    options.onBytes?.(bytes)
  }
  return bytes
}

/** The sha256 (lower-case hex) of a whole file. */
export async function sha256File(filePath: string, options: HashFileOptions = {}): Promise<string> {
  const hash = createHash('sha256')
  await hashFileInto(hash, filePath, options)
  return hash.digest('hex')
}
