/**
 * The memory a download's body streams through: a ring of blocks that the socket fills and the
 * writer and the hashing worker read in place.
 */

/** One block is filled by socket reads, then written, then hashed. */
export const BLOCK = 4 * 1024 * 1024
/** Blocks per download: this bounds its memory (32 MiB) and how far hashing may lag writing. */
const BLOCKS = 8
/**
 * Unbuffered (O_DIRECT) writes need memory, file offset and length aligned to the disk's logical
 * block size: 4 KiB covers 512-byte and 4K disks. Stretches are cut on this boundary.
 */
export const ALIGN = 4096

/** 64 KiB WebAssembly pages: the ring's size. */
const RING_PAGES = (BLOCK * BLOCKS) / 65536

// Node has WebAssembly, but the main process's TypeScript libs (no DOM) do not describe it.
declare const WebAssembly: {
  Memory: new (size: { initial: number; maximum: number; shared: true }) => { buffer: unknown }
}

/** A stretch of one block: bytes taken to be written together. */
export interface Stretch {
  block: number
  offset: number
  length: number
}

/**
 * A ring of blocks in shared memory: the socket reads into the filling block, the writer takes
 * stretches of it in order, and the hashing worker reads them in place (shared, never copied).
 * A block is filled again only once it is full and every stretch of it has been hashed.
 */
export class BlockRing {
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
