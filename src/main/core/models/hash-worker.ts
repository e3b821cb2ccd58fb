import { Worker } from 'node:worker_threads'

/**
 * The worker's whole program: plain CommonJS with builtins only, run with `eval: true`, so it
 * needs no entry file of its own and works the same under vitest (TS source), plain Node and
 * the electron-vite bundle (where a separate worker file would need its own build input).
 * It keeps one sha256 per download (`h`), applied in message order.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const hashes = new Map()
const CHUNK = 4 * 1024 * 1024
function hashFile(hash, m) {
  const stop = new Int32Array(m.stop)
  const fd = fs.openSync(m.path, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    let bytes = 0
    for (;;) {
      if (Atomics.load(stop, 0) !== 0) throw Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })
      const n = fs.readSync(fd, buf, 0, CHUNK, bytes)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      bytes += n
      parentPort.postMessage({ type: 'progress', h: m.h, id: m.id, bytes })
    }
    parentPort.postMessage({ type: 'file', h: m.h, id: m.id, bytes })
  } finally {
    fs.closeSync(fd)
  }
}
parentPort.on('message', (m) => {
  try {
    if (m.type === 'new') return void hashes.set(m.h, createHash('sha256'))
    if (m.type === 'drop') return void hashes.delete(m.h)
    const hash = hashes.get(m.h)
    if (!hash) throw new Error('unknown hash')
    if (m.type === 'update') {
      hash.update(new Uint8Array(m.block, m.offset, m.length))
      parentPort.postMessage({ type: 'ack', h: m.h })
    } else if (m.type === 'file') hashFile(hash, m)
    else if (m.type === 'digest') {
      hashes.delete(m.h)
      parentPort.postMessage({ type: 'digest', h: m.h, id: m.id, hex: hash.digest('hex') })
    }
  } catch (e) {
    parentPort.postMessage({ type: 'error', h: m.h, id: m.id, message: String(e && e.message), code: e && e.code })
  }
})
`

type FromWorker =
  | { type: 'ack'; h: number }
  | { type: 'progress'; h: number; id: number; bytes: number }
  | { type: 'file'; h: number; id: number; bytes: number }
  | { type: 'digest'; h: number; id: number; hex: string }
  | { type: 'error'; h: number; id: number | undefined; message: string; code: string | undefined }

/**
 * One worker thread for every download's hashing, started on first use and kept (unref'd) for
 * the next download: starting a worker costs tens of milliseconds of CPU.
 */
class HashThread {
  readonly worker = new Worker(WORKER_SOURCE, { eval: true })
  readonly handles = new Map<number, Sha256Worker>()
  dead = false

  constructor() {
    this.worker.on('message', (m: FromWorker) => this.handles.get(m.h)?.receive(m))
    const die = (e: Error): void => {
      this.dead = true
      if (thread === this) thread = null
      for (const h of this.handles.values()) h.fail(e)
      this.handles.clear()
    }
    this.worker.on('error', die)
    this.worker.on('exit', () => die(new Error('the hashing worker stopped')))
  }

  add(handle: Sha256Worker, h: number): void {
    // Held open only while a hash is in use, so an idle worker never keeps the process alive.
    if (this.handles.size === 0) this.worker.ref()
    this.handles.set(h, handle)
  }

  remove(h: number): void {
    this.handles.delete(h)
    if (this.handles.size === 0) this.worker.unref()
  }
}

let thread: HashThread | null = null
let nextHash = 1
let nextRequest = 1

interface Pending {
  resolve: (value: FromWorker) => void
  reject: (error: Error) => void
  onBytes?: (bytes: number) => void
}

/**
 * One running sha256, computed in a worker thread so hashing overlaps with receiving and writing
 * instead of taking turns with them on the main thread. Updates are applied in the order they
 * are given (one message queue).
 */
export class Sha256Worker {
  readonly #thread: HashThread
  readonly #h = nextHash++
  readonly #pending = new Map<number, Pending>()
  /** One entry per update, in order: who waits for it to be hashed. */
  #onHashed: ((() => void) | undefined)[] = []
  #failure: Error | null = null

  constructor() {
    if (!thread || thread.dead) thread = new HashThread()
    this.#thread = thread
    this.#thread.add(this, this.#h)
    this.#thread.worker.postMessage({ type: 'new', h: this.#h })
  }

  /**
   * Hash `chunk` next; `onHashed` runs once it is (at once if the hash has failed). The chunk is
   * a view of a SharedArrayBuffer, read in place: the caller keeps it unchanged until `onHashed`.
   */
  update(chunk: Uint8Array, onHashed?: () => void): void {
    if (!(chunk.buffer instanceof SharedArrayBuffer)) {
      throw new TypeError('Sha256Worker.update reads shared memory in place; got an ArrayBuffer')
    }
    if (this.#failure) return void queueMicrotask(() => onHashed?.())
    this.#onHashed.push(onHashed)
    this.#thread.worker.postMessage({
      type: 'update',
      h: this.#h,
      block: chunk.buffer,
      offset: chunk.byteOffset,
      length: chunk.length,
    })
  }

  /** Hash a whole file next (read in the worker); resolves with its length. */
  async hashFile(
    path: string,
    options: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
  ): Promise<number> {
    const { signal } = options
    signal?.throwIfAborted()
    // The worker reads in a loop without turning its event loop: it checks this flag instead.
    const stop = new SharedArrayBuffer(4)
    const onAbort = (): void => void Atomics.store(new Int32Array(stop), 0, 1)
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const done = await this.#request({ type: 'file', path, stop }, options.onBytes)
      return done.type === 'file' ? done.bytes : 0
    } catch (e) {
      if (signal?.aborted) throw signal.reason
      throw e
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** The lower-case hex sha256 of everything given so far; the hash is finished afterwards. */
  async digest(): Promise<string> {
    const done = await this.#request({ type: 'digest' })
    return done.type === 'digest' ? done.hex : ''
  }

  /** Forget this hash in the worker (always call it, also after `digest`). */
  close(): void {
    if (!this.#failure) this.#thread.worker.postMessage({ type: 'drop', h: this.#h })
    this.#thread.remove(this.#h)
    this.fail(new Error('the hash was closed'))
  }

  /** @internal A message from the worker for this hash. */
  receive(m: FromWorker): void {
    if (m.type === 'ack') return this.#onHashed.shift()?.()
    const p = m.id === undefined ? undefined : this.#pending.get(m.id)
    if (m.type === 'progress') return p?.onBytes?.(m.bytes)
    if (m.type === 'error') {
      const e: NodeJS.ErrnoException = new Error(m.message)
      if (m.code) e.code = m.code
      if (!p) return this.fail(e)
      this.#pending.delete(m.id ?? 0)
      return p.reject(e)
    }
    this.#pending.delete(m.id)
    p?.resolve(m)
  }

  /** @internal Reject everything waiting; later calls fail at once. */
  fail(error: Error): void {
    if (this.#failure) return
    this.#failure = error
    for (const p of this.#pending.values()) p.reject(error)
    this.#pending.clear()
    // Nothing more will be hashed: let whoever holds memory for it go on (the digest fails).
    for (const done of this.#onHashed.splice(0)) done?.()
  }

  #request(message: object, onBytes?: (bytes: number) => void): Promise<FromWorker> {
    if (this.#failure) return Promise.reject(this.#failure)
    const id = nextRequest++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onBytes ? { onBytes } : {}) })
      this.#thread.worker.postMessage({ ...message, h: this.#h, id })
    })
  }
}
