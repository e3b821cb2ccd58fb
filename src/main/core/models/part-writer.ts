import type { FileHandle } from 'node:fs/promises'
import type { Sha256Worker } from './hash-worker'
import type { BodySink, DirectBody } from './http-direct'

/** One block is filled by socket reads, then written with one positional write, then hashed. */
const BLOCK = 4 * 1024 * 1024
/** Blocks per download: this bounds its memory (32 MiB) and how far hashing may lag writing. */
const BLOCKS = 8
/**
 * Flush to disk in the background every so often while downloading, so the final datasync
 * (before the rename) has little left to do instead of the whole file.
 */
const SYNC_EVERY = 32 * 1024 * 1024

/**
 * A ring of blocks in one SharedArrayBuffer: the socket reads into the filling block, the writer
 * takes full ones in order, and the hashing worker reads them in place (shared, never copied)
 * before they are filled again.
 */
class BlockRing {
  readonly memory = new SharedArrayBuffer(BLOCK * BLOCKS)
  readonly #free: number[] = Array.from({ length: BLOCKS }, (_, i) => i)
  /** The block being filled and how much of it is. */
  current: number | null = null
  fill = 0

  view(block: number, length = BLOCK): Uint8Array {
    return new Uint8Array(this.memory, block * BLOCK, length)
  }

  /** The free rest of the filling block (a new one when needed), or null when all are busy. */
  space(): Uint8Array | null {
    // A block that fills up is taken at once (see `filled`), so the current one always has room.
    if (this.current === null) {
      const next = this.#free.shift()
      if (next === undefined) return null
      this.current = next
      this.fill = 0
    }
    return new Uint8Array(this.memory, this.current * BLOCK + this.fill, BLOCK - this.fill)
  }

  /** Close the filling block: it is ready to be written. */
  take(): { block: number; length: number } | null {
    if (this.current === null || this.fill === 0) return null
    const taken = { block: this.current, length: this.fill }
    this.current = null
    this.fill = 0
    return taken
  }

  release(block: number): void {
    this.#free.push(block)
  }
}

/**
 * Stream a body into the part at `start`: blocks are written in order with positional writes and
 * only then handed to the hashing worker, so disk and hash never disagree. Bytes that arrived
 * before a dropped connection are still written. Stall and drop come back as `error`.
 */
export function pump(
  body: DirectBody,
  fh: FileHandle,
  hasher: Sha256Worker,
  start: number,
  ctx: { stallTimeoutMs: number; signal: AbortSignal },
  onPos: (pos: number) => void,
): Promise<{ pos: number; error: unknown }> {
  return new Promise((resolve) => {
    const ring = new BlockRing()
    const ready: { block: number; length: number }[] = []
    let pos = start
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
      if (error) body.destroy()
      void (sync ?? Promise.resolve()).then(() => resolve({ pos, error }))
    }

    /**
     * Queue the filling block. Only a read closes a block, never the writer: the socket always
     * holds the rest of the filling block as its next read's target.
     */
    const submit = (): void => {
      const taken = ring.take()
      if (taken) ready.push(taken)
      next()
    }

    const next = (): void => {
      if (writing || settled) return
      if (stopError) return settle(stopError)
      const block = ready.shift()
      if (!block) {
        if (ended || netError !== null) settle(netError)
        return
      }
      writing = true
      void write(block.block, block.length)
    }

    const write = async (block: number, length: number): Promise<void> => {
      try {
        const { bytesWritten } = await fh.write(ring.view(block), 0, length, pos)
        if (bytesWritten !== length) throw new Error('short write')
        pos += length
        unsynced += length
        // After the write: what is hashed is what is on disk. The block is free once hashed.
        hasher.update([ring.view(block, length)], () => {
          ring.release(block)
          if (!settled) body.resume()
        })
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
        ring.release(block)
      }
      writing = false
      next()
    }

    const sink: BodySink = {
      space: () => ring.space(),
      filled: (n) => {
        lastData = Date.now()
        ring.fill += n
        // While the writer is idle even a part-filled block goes at once: big blocks at full
        // speed, prompt progress (and little to lose) on a slow line.
        if (ring.fill === BLOCK || !writing) submit()
      },
      end: (error) => {
        if (error) netError ??= error
        else ended = true
        submit()
      },
    }
    const onAbort = (): void => {
      stopError ??= ctx.signal.reason ?? new Error('aborted')
      body.destroy()
      next()
    }
    if (ctx.signal.aborted) return onAbort()
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    body.start(sink)
  })
}
