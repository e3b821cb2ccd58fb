import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { Sha256Worker } from './hash-worker'
import type { BodySink, DirectBody } from './http-direct'

/** One block is filled by socket reads, then written, then hashed. */
const BLOCK = 4 * 1024 * 1024
/** Blocks per download: this bounds its memory (32 MiB) and how far hashing may lag writing. */
const BLOCKS = 8
/**
 * Flush to disk in the background every so often while downloading, so the final datasync
 * (before the rename) has little left to do instead of the whole file.
 */
const SYNC_EVERY = 32 * 1024 * 1024
/**
 * Unbuffered (O_DIRECT) writes need memory, file offset and length aligned to the disk's logical
 * block size: 4 KiB covers 512-byte and 4K disks. Blocks are cut on this boundary.
 */
const ALIGN = 4096
/**
 * Buffered writes go in pieces of this size. One 4 MiB write makes the kernel build the page
 * cache from large folios, and on the VM this was measured on (free memory returned to its host)
 * every other gigabyte written so ran 2-5x slower in the page-cache copy; `dd` showed the same at
 * bs=1M and 4M, never at 256k or 512k.
 */
const PIECE = 256 * 1024
/**
 * What a block gathered in this long goes to an idle writer before the block is full: progress
 * stays prompt (and a kill loses little) on a slow line, while a fast one still writes whole
 * blocks (one fills in milliseconds there, and small unbuffered writes each wait for the disk).
 */
const PARTIAL_AFTER_MS = 100
/**
 * Writes in flight at once. Unbuffered writes each wait for the disk (about 4 ms per block on
 * the VM measured); one at a time kept the socket paused for most of a download. Four is also
 * libuv's thread pool.
 */
const MAX_WRITES = 4

/** 64 KiB WebAssembly pages: the ring's size. */
const RING_PAGES = (BLOCK * BLOCKS) / 65536

// Node has WebAssembly, but the main process's TypeScript libs (no DOM) do not describe it.
declare const WebAssembly: {
  Memory: new (size: { initial: number; maximum: number; shared: true }) => { buffer: unknown }
}

/** A stretch of one block: bytes taken to be written together. */
interface Stretch {
  block: number
  offset: number
  length: number
}

/**
 * A ring of blocks in shared memory: the socket reads into the filling block, the writer takes
 * stretches of it in order, and the hashing worker reads them in place (shared, never copied).
 * A block is filled again only once it is full and every stretch of it has been hashed.
 */
class BlockRing {
  /**
   * A shared WebAssembly memory rather than `new SharedArrayBuffer`: its pages are page-aligned,
   * which unbuffered writes need, where an ordinary one sits 16 bytes into a malloc'd chunk.
   */
  readonly memory: SharedArrayBuffer
  readonly #free: number[] = Array.from({ length: BLOCKS }, (_, i) => i)
  /** Stretches of each block not yet released. */
  readonly #out = new Array<number>(BLOCKS).fill(0)
  /** The block being filled, how much of it is, how much of that is taken, and since when. */
  current: number | null = null
  fill = 0
  #taken = 0
  since = 0

  constructor() {
    const memory = new WebAssembly.Memory({
      initial: RING_PAGES,
      maximum: RING_PAGES,
      shared: true,
    }).buffer
    if (!(memory instanceof SharedArrayBuffer)) throw new Error('shared memory is unavailable')
    this.memory = memory
  }

  view(s: Stretch): Uint8Array {
    return new Uint8Array(this.memory, s.block * BLOCK + s.offset, s.length)
  }

  /** The free rest of the filling block (a new one when needed), or null when all are busy. */
  space(): Uint8Array | null {
    // A block that fills up is taken at once (see `filled`), so the current one always has room.
    if (this.current === null) {
      const next = this.#free.shift()
      if (next === undefined) return null
      this.current = next
      this.fill = 0
      this.#taken = 0
      this.since = Date.now()
    }
    return new Uint8Array(this.memory, this.current * BLOCK + this.fill, BLOCK - this.fill)
  }

  /**
   * Take what the filling block holds beyond what was taken before. Unless `whole`, only up to
   * its last 4 KiB boundary, so every stretch but the file's last starts and ends on the
   * boundary that unbuffered writes need. A full block (or a whole take) is closed: the next
   * read gets a new one. Null when there is nothing to take.
   */
  take(whole: boolean): Stretch | null {
    if (this.current === null) return null
    const end = whole ? this.fill : this.fill - (this.fill % ALIGN)
    if (end === this.#taken) return null
    const stretch = { block: this.current, offset: this.#taken, length: end - this.#taken }
    this.#out[this.current] = (this.#out[this.current] ?? 0) + 1
    this.#taken = end
    this.since = Date.now()
    if (whole || end === BLOCK) this.current = null
    return stretch
  }

  release(block: number): void {
    const out = (this.#out[block] ?? 1) - 1
    this.#out[block] = out
    if (out === 0 && block !== this.current) this.#free.push(block)
  }
}

/**
 * The part, opened twice where the platform allows: unbuffered (O_DIRECT, Linux) for aligned
 * blocks, which skips the page-cache copy and the write-back before the final datasync, and
 * buffered for the rest (the file's tail, a part resumed at an unaligned length, other systems).
 */
export interface PartFiles {
  buffered: FileHandle
  direct: FileHandle | null
}

async function openUnbuffered(file: string): Promise<FileHandle | null> {
  if (typeof constants.O_DIRECT !== 'number') return null
  // Some file systems refuse O_DIRECT (tmpfs before Linux 6.6, some network mounts): buffered
  // writes do the job there.
  return open(file, constants.O_WRONLY | constants.O_DIRECT).catch(() => null)
}

/**
 * Write `view` at `pos`: its 4 KiB-aligned head unbuffered where possible, the rest buffered.
 * Returns how many bytes went unbuffered. Exported for its tests.
 */
export async function writeBlock(files: PartFiles, view: Uint8Array, pos: number): Promise<number> {
  const head = view.length - (view.length % ALIGN)
  let unbuffered = 0
  if (files.direct && pos % ALIGN === 0 && head > 0) {
    try {
      // A short write (the disk filling up) leaves the rest to the buffered writes below, and
      // the next write reports why.
      unbuffered = (await files.direct.write(view, 0, head, pos)).bytesWritten
    } catch (e) {
      // A full disk stops the download. Anything else (EINVAL: the disk wants another alignment;
      // a file system with its own rules) gets the same bytes written buffered, and buffered
      // writes from here on: a real disk error fails there too.
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOSPC' || code === 'EDQUOT') throw e
      files.direct = null
    }
  }
  // The pieces go together: the kernel serialises them on the file, the thread pool overlaps
  // their round trips (one after another measured about 10% slower). All of them end before
  // this returns, so no write is left running on a file about to be closed.
  const pieces: Promise<void>[] = []
  for (let at = unbuffered; at < view.length; at += PIECE) {
    pieces.push(writeFully(files.buffered, view.subarray(at, at + PIECE), pos + at))
  }
  const failed = (await Promise.allSettled(pieces)).find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  return unbuffered
}

/** Write all of `view` at `pos`, going on after a short write (the next one says why). */
async function writeFully(fh: FileHandle, view: Uint8Array, pos: number): Promise<void> {
  for (let at = 0; at < view.length;) {
    const { bytesWritten } = await fh.write(view, at, view.length - at, pos + at)
    if (bytesWritten === 0) throw new Error('the disk took no bytes')
    at += bytesWritten
  }
}

/** How far the part is good (on disk and hashed), what stopped it, and how it was written. */
export interface BodyWritten {
  pos: number
  error: unknown
  /** Of the bytes written, how many went unbuffered (for tests and diagnostics). */
  unbufferedBytes: number
}

/**
 * Write a body into `file` from `offset` (cutting off anything after it, which was never
 * hashed), hash what was written, and datasync it. Resolves with how far the part is now good,
 * and the error that stopped it (a dropped connection, a stall, an abort, a disk error);
 * a failed datasync rejects. The file is closed when it settles.
 */
export async function writeBody(
  file: string,
  offset: number,
  body: DirectBody,
  hasher: Sha256Worker,
  ctx: { stallTimeoutMs: number; signal: AbortSignal },
  onPos: (pos: number) => void,
): Promise<BodyWritten> {
  const buffered = await open(file, offset === 0 ? 'w' : 'r+')
  let direct: FileHandle | null = null
  try {
    await buffered.truncate(offset)
    direct = await openUnbuffered(file)
    const result = await pump(body, { buffered, direct }, hasher, offset, ctx, onPos)
    await buffered.datasync()
    return result
  } finally {
    await direct?.close()
    await buffered.close()
  }
}

interface QueuedStretch extends Stretch {
  /** Its place in the file. */
  at: number
  state: 'ready' | 'writing' | 'written' | 'failed'
}

/**
 * Stream a body into the part at `start`: stretches are written with positional writes, up to
 * `MAX_WRITES` at once, and handed to the hashing worker in file order once written, so disk
 * and hash never disagree. Bytes that arrived before a dropped connection are still written, up
 * to the last 4 KiB boundary. Stall and drop come back as `error`.
 */
function pump(
  body: DirectBody,
  files: PartFiles,
  hasher: Sha256Worker,
  start: number,
  ctx: { stallTimeoutMs: number; signal: AbortSignal },
  onPos: (pos: number) => void,
): Promise<BodyWritten> {
  return new Promise((resolve) => {
    const ring = new BlockRing()
    /** Taken stretches in file order, from the first one not yet hashed. */
    const queue: QueuedStretch[] = []
    /** On disk and hashed up to here; taken up to `takenTo`. */
    let pos = start
    let takenTo = start
    let writes = 0
    let unbufferedBytes = 0
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
      void (sync ?? Promise.resolve()).then(() => resolve({ pos, error, unbufferedBytes }))
    }

    const stop = (error: unknown): void => {
      stopError ??= error
      body.destroy()
    }

    /**
     * Queue what the filling block holds. Only a read takes from a block, never the writer: the
     * socket always holds the rest of the filling block as its next read's target.
     */
    const submit = (whole = false): void => {
      const taken = ring.take(whole)
      if (taken) {
        queue.push({ ...taken, at: takenTo, state: 'ready' })
        takenTo += taken.length
      }
      next()
    }

    /** Start writes up to the limit; settle once nothing is in flight and nothing is left. */
    const next = (): void => {
      if (settled) return
      for (const b of queue) {
        if (stopError || writes >= MAX_WRITES) break
        if (b.state === 'ready') void write(b)
      }
      if (writes > 0) return
      if (stopError) settle(stopError)
      else if (queue.length === 0 && (ended || netError !== null)) settle(netError)
    }

    const write = async (b: QueuedStretch): Promise<void> => {
      b.state = 'writing'
      writes++
      try {
        // Not `unbufferedBytes += await …`: that reads the sum before the await, and writes overlap.
        const unbuffered = await writeBlock(files, ring.view(b), b.at)
        unbufferedBytes += unbuffered
        b.state = 'written'
      } catch (e) {
        b.state = 'failed'
        stop(e)
      }
      writes--
      commit()
      next()
    }

    /**
     * Hand written blocks to the hashing worker in file order, so the hash always covers exactly
     * the bytes before `pos`, all of them on disk. Blocks after a failed one are never hashed.
     */
    const commit = (): void => {
      while (queue[0]?.state === 'written') {
        const stretch = queue.shift() as QueuedStretch
        pos += stretch.length
        unsynced += stretch.length
        // The stretch's block may be filled again once it is hashed.
        hasher.update([ring.view(stretch)], () => {
          ring.release(stretch.block)
          if (!settled) body.resume()
        })
        onPos(pos)
      }
      if (unsynced >= SYNC_EVERY && !sync) {
        unsynced = 0
        // Errors surface in the final datasync, which the caller awaits.
        sync = files.buffered.datasync().then(
          () => (sync = null),
          () => (sync = null),
        )
      }
    }

    const sink: BodySink = {
      space: () => ring.space(),
      filled: (n) => {
        lastData = Date.now()
        ring.fill += n
        // A full block goes at once; so does a part-filled one idle for a while (see
        // PARTIAL_AFTER_MS), without leaving the block: the socket keeps filling it.
        if (ring.fill === BLOCK || (writes === 0 && lastData - ring.since >= PARTIAL_AFTER_MS))
          submit()
      },
      end: (error) => {
        if (error) netError ??= error
        else ended = true
        // After a drop the unaligned rest is left out (fetched again), so the retry's stretches
        // stay aligned; at the end the rest goes whole.
        submit(!error)
      },
    }
    const onAbort = (): void => {
      stop(ctx.signal.reason ?? new Error('aborted'))
      next()
    }
    if (ctx.signal.aborted) return onAbort()
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    body.start(sink)
  })
}
