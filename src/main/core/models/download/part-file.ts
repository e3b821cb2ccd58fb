import { createHash, type Hash } from 'node:crypto'
import { open, rename, stat, type FileHandle } from 'node:fs/promises'
import { partPath } from './sidecar'

/**
 * The length written is recorded in the sidecar every second or every 8 MiB, whichever comes
 * first, in the background and after a flush: a kill or a power cut loses at most that. Flushing
 * as the download goes also keeps the final flush before the rename short: left to the end, a
 * gigabyte of dirty pages took about half a second to write back, 10 % of a download at 250 MB/s.
 */
const CHECKPOINT_MS = 1000
const CHECKPOINT_BYTES = 8 * 1024 * 1024
const READ_CHUNK = 4 * 1024 * 1024

/**
 * The `.part` of one download, open for its whole life: bytes are appended in order and hashed
 * as they are written, so the sha256 always covers exactly the bytes before `pos`, and the file
 * renamed into place is checked to be this very file (same inode and size).
 */
export class PartFile {
  pos = 0
  #hash: Hash = createHash('sha256')
  #lastCheckpoint = { at: Date.now(), pos: 0 }
  #checkpointing: Promise<void> | null = null
  #stopped = false

  readonly dest: string
  readonly fh: FileHandle
  readonly ino: number
  readonly onCheckpoint: (verifiedBytes: number) => Promise<void>

  // Plain fields, not parameter properties: Node's type stripping (the reliability child) has none.
  private constructor(
    dest: string,
    fh: FileHandle,
    ino: number,
    onCheckpoint: (verifiedBytes: number) => Promise<void>,
  ) {
    this.dest = dest
    this.fh = fh
    this.ino = ino
    this.onCheckpoint = onCheckpoint
  }

  /**
   * Open the part and keep its first `keep` bytes, re-hashing them from disk (`onHashed` reports
   * progress); anything after them is cut off, since it was never recorded as written.
   */
  static async open(
    dest: string,
    keep: number,
    opts: {
      signal: AbortSignal
      onHashed: (bytes: number) => void
      onCheckpoint: (bytes: number) => Promise<void>
    },
  ): Promise<PartFile> {
    const fh = await open(partPath(dest), keep > 0 ? 'r+' : 'w+', 0o600)
    try {
      await fh.truncate(keep)
      const part = new PartFile(dest, fh, (await fh.stat()).ino, opts.onCheckpoint)
      const buf = Buffer.allocUnsafe(READ_CHUNK)
      while (part.pos < keep) {
        opts.signal.throwIfAborted()
        const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, keep - part.pos), part.pos)
        if (bytesRead === 0) break
        part.#hash.update(buf.subarray(0, bytesRead))
        part.pos += bytesRead
        opts.onHashed(part.pos)
      }
      return part
    } catch (e) {
      await fh.close()
      throw e
    }
  }

  /** Append `chunks` at `pos`, then hash them; when due, flush and record in the background. */
  async append(chunks: Uint8Array[]): Promise<void> {
    let at = this.pos
    try {
      for (let rest = chunks; rest.length > 0;) {
        const { bytesWritten } = await this.fh.writev(rest, at)
        if (bytesWritten === 0) throw new Error('the disk took no bytes')
        at += bytesWritten
        rest = skipBytes(rest, bytesWritten)
      }
    } catch (e) {
      // The part ends where the hash does (a full disk may have taken half a write).
      await this.fh.truncate(this.pos).catch(() => undefined)
      throw e
    }
    for (const c of chunks) this.#hash.update(c)
    this.pos = at
    const last = this.#lastCheckpoint
    const due = Date.now() - last.at >= CHECKPOINT_MS || at - last.pos >= CHECKPOINT_BYTES
    if (!this.#stopped && this.#checkpointing === null && due) {
      this.#lastCheckpoint = { at: Date.now(), pos: at }
      this.#checkpointing = this.checkpoint(true).finally(() => (this.#checkpointing = null))
    }
  }

  /** Start again from byte 0 (a server that ignored Range sent the whole file). */
  async reset(): Promise<void> {
    await this.#checkpointing
    await this.fh.truncate(0)
    this.#hash = createHash('sha256')
    this.pos = 0
    this.#lastCheckpoint = { at: Date.now(), pos: 0 }
    await this.onCheckpoint(0)
  }

  /** No more records in the sidecar: the part is about to be renamed or deleted. */
  async stopCheckpoints(): Promise<void> {
    this.#stopped = true
    await this.#checkpointing
  }

  /** Record the length written (flushed first when `flush`); errors surface in the final flush. */
  async checkpoint(flush = true): Promise<void> {
    if (this.#stopped) return
    const bytes = this.pos
    try {
      if (flush) await this.fh.datasync()
      await this.onCheckpoint(bytes)
    } catch {
      // A full disk or a failing sidecar write: the next run only trusts less of the part.
    }
  }

  /** Flush, and return the sha256 of bytes [0, pos). */
  async digest(): Promise<string> {
    await this.#checkpointing
    await this.fh.datasync()
    return this.#hash.copy().digest('hex')
  }

  /**
   * Rename the part to `dest`, proving first and after that the file at the path is the one
   * written and hashed here (same inode, `pos` bytes): nobody replaced or cut it meanwhile.
   */
  async renameInto(): Promise<void> {
    const before = await stat(partPath(this.dest))
    const mine = await this.fh.stat()
    if (before.ino !== this.ino || mine.size !== this.pos || before.size !== this.pos) {
      throw new PartChangedError()
    }
    await rename(partPath(this.dest), this.dest)
    if ((await stat(this.dest)).ino !== this.ino) throw new PartChangedError()
  }

  async close(): Promise<void> {
    await this.#checkpointing
    await this.fh.close()
  }
}

/** The part on disk is not the file this download wrote (another program changed it). */
export class PartChangedError extends Error {
  constructor() {
    super('the part on disk changed under the download')
  }
}

function skipBytes(chunks: Uint8Array[], n: number): Uint8Array[] {
  let i = 0
  while (i < chunks.length && n >= (chunks[i]?.length ?? 0)) n -= chunks[i++]?.length ?? 0
  const rest = chunks.slice(i)
  if (n > 0 && rest[0]) rest[0] = rest[0].subarray(n)
  return rest
}
