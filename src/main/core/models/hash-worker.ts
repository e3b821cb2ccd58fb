import { isMarkedAsUntransferable, Worker } from 'node:worker_threads'

/**
 * The worker's whole program: plain CommonJS with builtins only, run with `eval: true`, so it
 * needs no entry file of its own and works the same under vitest (TS source), plain Node and
 * the electron-vite bundle (where a separate worker file would need its own build input).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const hash = createHash('sha256')
const CHUNK = 4 * 1024 * 1024
function hashFile(m) {
  const fd = fs.openSync(m.path, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    let bytes = 0
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, bytes)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      bytes += n
      parentPort.postMessage({ type: 'progress', id: m.id, bytes })
    }
    parentPort.postMessage({ type: 'file', id: m.id, bytes })
  } finally {
    fs.closeSync(fd)
  }
}
parentPort.on('message', (m) => {
  try {
    if (m.type === 'update') {
      let bytes = 0
      for (const b of m.blocks) {
        hash.update(new Uint8Array(b))
        bytes += b.byteLength
      }
      parentPort.postMessage({ type: 'ack', bytes })
    } else if (m.type === 'file') hashFile(m)
    else if (m.type === 'digest') parentPort.postMessage({ type: 'digest', id: m.id, hex: hash.digest('hex') })
  } catch (e) {
    parentPort.postMessage({ type: 'error', id: m.id, message: String(e && e.message), code: e && e.code })
  }
})
`

type FromWorker =
  | { type: 'ack'; bytes: number }
  | { type: 'progress'; id: number; bytes: number }
  | { type: 'file'; id: number; bytes: number }
  | { type: 'digest'; id: number; hex: string }
  | { type: 'error'; id: number | undefined; message: string; code: string | undefined }

interface Pending {
  resolve: (value: FromWorker) => void
  reject: (error: Error) => void
  onBytes?: (bytes: number) => void
}

/**
 * One running sha256 in a worker thread, so hashing overlaps with receiving and writing instead
 * of taking turns with them on the main thread. Updates are applied in the order they are given
 * (one message queue); the bytes handed to `update` are transferred, not copied.
 */
export class Sha256Worker {
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #queued = 0
  #waiters: (() => void)[] = []
  #failure: Error | null = null

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true })
    this.#worker.on('message', (m: FromWorker) => this.#onMessage(m))
    this.#worker.on('error', (e) => this.#fail(e))
    this.#worker.on('exit', () => this.#fail(new Error('the hashing worker stopped')))
  }

  /** Bytes handed over but not hashed yet (for backpressure). */
  get queuedBytes(): number {
    return this.#queued
  }

  /**
   * Hash `chunks` next, in order. A chunk that is the whole of its ArrayBuffer (as socket reads
   * are) is transferred, not copied, and is empty afterwards; any other chunk is copied.
   */
  update(chunks: readonly Uint8Array[]): void {
    if (this.#failure) return
    const blocks: ArrayBuffer[] = []
    let bytes = 0
    for (const c of chunks) {
      bytes += c.length
      const own =
        c.buffer instanceof ArrayBuffer &&
        c.byteOffset === 0 &&
        c.buffer.byteLength === c.length &&
        !isMarkedAsUntransferable(c.buffer)
      blocks.push(own ? (c.buffer as ArrayBuffer) : new Uint8Array(c).buffer)
    }
    this.#queued += bytes
    this.#worker.postMessage({ type: 'update', blocks }, blocks)
  }

  /** Resolves once at most `limit` bytes wait to be hashed (or the worker failed). */
  async whenBelow(limit: number): Promise<void> {
    while (this.#queued > limit && !this.#failure) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  /** Hash a whole file next (read in the worker); resolves with its length. */
  async hashFile(
    path: string,
    options: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
  ): Promise<number> {
    const { signal } = options
    signal?.throwIfAborted()
    const id = this.#nextId++
    const onAbort = (): void => {
      // A sync read loop cannot be interrupted: stop the worker; this hash is unusable anyway.
      this.#fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const done = await this.#request(id, { type: 'file', id, path }, options.onBytes)
      return done.type === 'file' ? done.bytes : 0
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** The lower-case hex sha256 of everything given so far; the hash is finished afterwards. */
  async digest(): Promise<string> {
    const id = this.#nextId++
    const done = await this.#request(id, { type: 'digest', id })
    return done.type === 'digest' ? done.hex : ''
  }

  /** Stop the worker (always call it, also after `digest`). */
  close(): void {
    this.#fail(new Error('the hashing worker was closed'))
  }

  #request(id: number, message: object, onBytes?: (bytes: number) => void): Promise<FromWorker> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onBytes ? { onBytes } : {}) })
      this.#worker.postMessage(message)
    })
  }

  #onMessage(m: FromWorker): void {
    if (m.type === 'ack') {
      this.#queued -= m.bytes
      this.#wake()
      return
    }
    const p = m.id === undefined ? undefined : this.#pending.get(m.id)
    if (m.type === 'progress') return p?.onBytes?.(m.bytes)
    if (m.type === 'error') {
      const e: NodeJS.ErrnoException = new Error(m.message)
      if (m.code) e.code = m.code
      if (!p) return this.#fail(e)
      this.#pending.delete(m.id ?? 0)
      return p.reject(e)
    }
    this.#pending.delete(m.id)
    p?.resolve(m)
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }

  #fail(error: Error): void {
    if (this.#failure) return
    this.#failure = error
    void this.#worker.terminate()
    for (const p of this.#pending.values()) p.reject(error)
    this.#pending.clear()
    this.#wake()
  }
}
