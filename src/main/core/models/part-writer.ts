import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { Sha256Worker } from './hash-worker'
import { ALIGN, BLOCK, BlockRing, type Stretch } from './block-ring'
import type { BodySink, DirectBody } from './http-direct'

/**
 * Flush to disk in the background every so often while downloading, so the final datasync
 * (before the rename) has little left to do instead of the whole file.
 */
const SYNC_EVERY = 32 * 1024 * 1024
/**
 * Buffered writes go in pieces of this size. One 4 MiB write makes the kernel build the page
 * cache from large folios, and on the VM this was measured on (free memory returned to its host)
 * every other gigabyte written so ran 2-5x slower in the page-cache copy; `dd` showed the same at
 * bs=1M and 4M, never at 256k or 512k.
 */
const PIECE = 256 * 1024
/**
 * What a block gathered in this long goes to an idle writer before the block is full: progress
 * stays prompt on a slow line, while a fast one still writes whole blocks (one fills in
 * milliseconds there, and small unbuffered writes each wait for the disk).
 */
const PARTIAL_AFTER_MS = 100
/**
 * Writes in flight at once. Unbuffered writes each wait for the disk (about 4 ms per block on
 * the VM measured); one at a time kept the socket paused for most of a download. Four is also
 * libuv's thread pool.
 */
const MAX_WRITES = 4

/**
 * After a kill, only this much at the end of a part can be wrong: the writes in flight then were
 * the last ones, at most MAX_WRITES stretches of at most a block each.
 */
const UNSETTLED_TAIL = MAX_WRITES * BLOCK

/**
 * How much of a part of `size` bytes a new run may continue from, given the sidecar's `settled`:
 * all of it when its writer stopped in order (or wrote in order, as older versions did; then
 * `settled` is undefined), else all but the unsettled tail, cut on a 4 KiB boundary.
 */
export function resumableBytes(size: number, settled: number | null | undefined): number {
  if (settled === undefined || settled === size) return size
  const trusted = Math.max(0, size - UNSETTLED_TAIL)
  return trusted - (trusted % ALIGN)
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
 * and the error that stopped it (a dropped connection, a stall, an abort, a disk error); the
 * file then ends there. A failed datasync rejects. The file is closed when it settles.
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
    // Stretches written after a failed one lie past `pos`: cut them off, so a part left by an
    // orderly stop is exactly what was hashed.
    await buffered.truncate(result.pos)
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
        hasher.update(ring.view(stretch), () => {
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
