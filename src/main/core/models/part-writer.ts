import type { Hash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FileHandle } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Writes each batch of chunks at its offset, then hashes it: disk and hash never disagree. */
export function partWriter(
  fh: FileHandle,
  hash: Hash,
  start: number,
  onPos: (pos: number) => void,
) {
  let pos = start
  const writeBufs = (bufs: Buffer[], cb: (e?: Error | null) => void): void => {
    const total = bufs.reduce((n, b) => n + b.length, 0)
    fh.writev(bufs, pos).then(({ bytesWritten }) => {
      if (bytesWritten !== total) return cb(new Error('short write'))
      for (const b of bufs) hash.update(b)
      pos += total
      onPos(pos)
      cb()
    }, cb)
  }
  return new Writable({
    highWaterMark: 4 * 1024 * 1024,
    write: (chunk: Buffer, _enc, cb) => writeBufs([chunk], cb),
    writev: (chunks, cb) =>
      writeBufs(
        chunks.map((c) => c.chunk as Buffer),
        cb,
      ),
  })
}

/** Stream a response body into the part at `start`; stall and drop become a retry. */
export async function pump(
  body: IncomingMessage,
  fh: FileHandle,
  hash: Hash,
  start: number,
  ctx: { stallTimeoutMs: number; signal: AbortSignal },
  onPos: (pos: number) => void,
): Promise<{ pos: number; error: unknown }> {
  let pos = start
  let lastData = Date.now()
  body.on('data', () => (lastData = Date.now()))
  const stallCheck = setInterval(
    () => {
      if (Date.now() - lastData > ctx.stallTimeoutMs) body.destroy(new Error('stalled'))
    },
    Math.min(1000, ctx.stallTimeoutMs),
  )
  try {
    await pipeline(
      body,
      partWriter(fh, hash, start, (p) => {
        pos = p
        onPos(p)
      }),
      { signal: ctx.signal },
    )
    return { pos, error: null }
  } catch (e) {
    return { pos, error: e }
  } finally {
    clearInterval(stallCheck)
  }
}
