import type { FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { Sha256Worker } from './hash-worker'

/** At most this much per positional write and per hashing message. */
const BLOCK = 4 * 1024 * 1024
/** Received but not written yet: past this the socket is paused. */
const MAX_PENDING = 3 * BLOCK
/**
 * Written but not hashed yet: past this writing waits for the hashing worker. With MAX_PENDING
 * and the block being written, this bounds the memory a download holds.
 */
const MAX_UNHASHED = 4 * BLOCK
/**
 * Flush to disk in the background every so often while downloading, so the final datasync
 * (before the rename) has little left to do instead of the whole file.
 */
const SYNC_EVERY = 32 * 1024 * 1024

/**
 * Stream a response body into the part at `start`: blocks are written in order with positional
 * writes and only then handed to the hashing worker, so disk and hash never disagree. Bytes that
 * arrived before a dropped connection are still written. Stall and drop come back as `error`.
 */
export function pump(
  body: Readable,
  fh: FileHandle,
  hasher: Sha256Worker,
  start: number,
  ctx: { stallTimeoutMs: number; signal: AbortSignal },
  onPos: (pos: number) => void,
): Promise<{ pos: number; error: unknown }> {
  return new Promise((resolve) => {
    let pos = start
    let chunks: Buffer[] = []
    let pendingBytes = 0
    let writing = false
    let ended = false
    // A network error still lets the received bytes be written; an abort or a disk error stops.
    let netError: unknown = null
    let stopError: unknown = null
    let settled = false
    let sync: Promise<unknown> | null = null
    let unsynced = 0
    let lastData = Date.now()
    const stallCheck = setInterval(
      () => {
        if (Date.now() - lastData > ctx.stallTimeoutMs) body.destroy(new Error('stalled'))
      },
      Math.min(1000, ctx.stallTimeoutMs),
    )

    const settle = (error: unknown): void => {
      if (settled) return
      settled = true
      clearInterval(stallCheck)
      ctx.signal.removeEventListener('abort', onAbort)
      body.off('data', onData)
      if (error) body.destroy()
      void (sync ?? Promise.resolve()).then(() => resolve({ pos, error }))
    }

    const next = (): void => {
      if (writing || settled) return
      if (stopError) return settle(stopError)
      // Whatever arrived while the last write ran goes next: big blocks at full speed, prompt
      // progress (and a small part to lose) on a slow line.
      if (pendingBytes === 0) {
        if (ended || netError !== null) settle(netError)
        return
      }
      const length = Math.min(pendingBytes, BLOCK)
      let take = 0
      let n = 0
      while (n < chunks.length && take + (chunks[n]?.length ?? 0) <= length) {
        take += chunks[n]?.length ?? 0
        n++
      }
      if (n === 0) {
        // One chunk larger than a block (rare): write it whole.
        n = 1
        take = chunks[0]?.length ?? 0
      }
      const batch = chunks.slice(0, n)
      chunks = chunks.slice(n)
      pendingBytes -= take
      writing = true
      void write(batch, take)
    }

    const write = async (batch: Buffer[], length: number): Promise<void> => {
      try {
        await hasher.whenBelow(MAX_UNHASHED)
        const { bytesWritten } = await fh.writev(batch, pos)
        if (bytesWritten !== length) throw new Error('short write')
        pos += length
        unsynced += length
        // After the write: what is hashed is what is on disk. The chunks move to the worker.
        hasher.update(batch)
        onPos(pos)
        if (unsynced >= SYNC_EVERY && !sync) {
          unsynced = 0
          // Errors surface in the final datasync, which the caller awaits.
          sync = fh.datasync().then(
            () => (sync = null),
            () => (sync = null),
          )
        }
      } catch (e) {
        stopError ??= e
      }
      writing = false
      if (body.isPaused() && pendingBytes < MAX_PENDING && !netError && !stopError) body.resume()
      next()
    }

    const onData = (chunk: Buffer): void => {
      lastData = Date.now()
      chunks.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes >= MAX_PENDING) body.pause()
      next()
    }
    const onAbort = (): void => {
      stopError ??= ctx.signal.reason ?? new Error('aborted')
      body.destroy()
      next()
    }
    body.on('data', onData)
    body.once('end', () => {
      ended = true
      next()
    })
    body.once('error', (e) => {
      netError ??= e
      next()
    })
    body.once('close', () => {
      if (!ended) netError ??= new Error('connection closed early')
      next()
    })
    if (ctx.signal.aborted) onAbort()
    else ctx.signal.addEventListener('abort', onAbort, { once: true })
  })
}
