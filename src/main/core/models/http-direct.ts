import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import tls from 'node:tls'

/**
 * Where a model file's bytes land. The reader asks for space before every socket read and the
 * kernel copies straight into it: no buffer is allocated per read, so gigabytes stream without
 * garbage, page faults or extra copies (measured: undici's per-read buffers cost ~2x curl's CPU
 * per byte here, which no amount of batching afterwards wins back).
 */
export interface BodySink {
  /**
   * Free memory for the next read, or null when full: reading pauses until `resume()`. The space
   * last returned must stay put until `filled`: the socket's next read already points into it.
   */
  space(): Uint8Array | null
  /** `n` bytes were placed at the start of the space last returned. */
  filled(n: number): void
  /** The body ended: `null` once all of Content-Length arrived, else why it stopped. */
  end(error: Error | null): void
}

export interface DirectResponse {
  status: number
  headers: IncomingHttpHeaders
  /** Content-Length, or null (then the body cannot be streamed and is dropped). */
  length: number | null
  body: DirectBody
}

export interface DirectRequest {
  headers: Record<string, string>
  signal?: AbortSignal | undefined
  /** Give up when the answer's head has not arrived by then (default 30 s). */
  headTimeoutMs?: number
  /** Extra CA certificates (tests with a self-signed server); the bundled roots stay trusted. */
  ca?: string | undefined
}

const MAX_HEAD = 64 * 1024
const SPILL_BYTES = 64 * 1024

/** Header values come partly from servers (an ETag): never let one start a new header line. */
function headerLine(name: string, value: string): string {
  if (/[\r\n]/.test(value) || /[^!#$%&'*+.^_`|~0-9A-Za-z-]/.test(name)) {
    throw new Error(`refusing to send header ${name}`)
  }
  return `${name}: ${value}\r\n`
}

function parseHead(text: string): { status: number; headers: IncomingHttpHeaders } {
  const [statusLine = '', ...lines] = text.split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine)
  if (!m) throw new Error(`not an HTTP/1.1 answer: ${statusLine.slice(0, 40)}`)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new Error('malformed header line')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return { status: Number(m[1]), headers }
}

function contentLength(headers: IncomingHttpHeaders): number | null {
  if (headers['transfer-encoding'] !== undefined) return null
  const value = headers['content-length']
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null
  return Number(value)
}

/**
 * The body of one answer, read from its socket into a `BodySink`. Reading starts with
 * `start(sink)`; until then the bytes wait in the kernel. `destroy()` drops the connection.
 */
export class DirectBody {
  readonly #socket: net.Socket
  readonly #length: number
  #sink: BodySink | null = null
  /** Bytes read but not yet in the sink: what came with the head, or a read into the spill. */
  #pending: Buffer[] = []
  /** Reads that arrive while the sink is full land here and are copied in once it has room. */
  readonly #spill = Buffer.allocUnsafe(SPILL_BYTES)
  #received = 0
  #done = false

  /** @internal Made by `directGet`. */
  constructor(socket: net.Socket, length: number, early: Buffer) {
    this.#socket = socket
    this.#length = length
    const first = early.subarray(0, length)
    if (first.length > 0) this.#pending.push(first)
    this.#received = first.length
  }

  start(sink: BodySink): void {
    this.#sink = sink
    this.resume()
  }

  /** Continue after the sink was full: what is pending goes in first. */
  resume(): void {
    if (this.#done || !this.#sink) return
    if (!this.#drainPending()) return
    if (this.#received >= this.#length) return this.#finish(null)
    this.#socket.resume()
  }

  destroy(error?: Error): void {
    this.#finish(error ?? new Error('download stopped'))
  }

  /** @internal The memory for the socket's next read. */
  nextReadTarget(): Uint8Array {
    if (!this.#sink || this.#pending.length > 0) return this.#spill
    return this.#sink.space() ?? this.#spill
  }

  /** @internal `n` bytes were read into `target`; false pauses the socket. */
  onRead(n: number, target: Uint8Array): boolean {
    if (this.#done) return false
    const over = Math.max(0, this.#received + n - this.#length)
    const take = n - over
    this.#received += take
    if (target === this.#spill) this.#pending.push(Buffer.from(this.#spill.subarray(0, take)))
    else if (take > 0) this.#sink?.filled(take)
    if (!this.#drainPending()) return false
    if (this.#received >= this.#length) {
      this.#finish(null)
      return false
    }
    return this.#sink?.space() !== null
  }

  /** @internal The connection ended or failed. */
  onClose(error: Error | null): void {
    if (this.#done) return
    const short = this.#received < this.#length
    this.#finish(error ?? (short ? new Error('connection closed early') : null))
  }

  /** Copy pending bytes into the sink; false while some are left (the sink is full). */
  #drainPending(): boolean {
    const sink = this.#sink
    if (!sink) return this.#pending.length === 0
    while (this.#pending.length > 0) {
      const space = sink.space()
      if (!space || space.length === 0) {
        this.#socket.pause()
        return false
      }
      const first = this.#pending[0] as Buffer
      const n = Math.min(space.length, first.length)
      space.set(first.subarray(0, n))
      sink.filled(n)
      if (n === first.length) this.#pending.shift()
      else this.#pending[0] = first.subarray(n)
    }
    return true
  }

  #finish(error: Error | null): void {
    if (this.#done) return
    // The body's last bytes may still be pending behind a full sink: they go in first.
    if (!error && this.#pending.length > 0 && this.#sink) return void this.#socket.pause()
    this.#done = true
    this.#socket.destroy()
    this.#sink?.end(error)
  }
}

/**
 * One HTTP/1.1 GET whose body streams into a sink with no per-read allocation: for model files
 * only (Content-Length bodies on a connection of their own). Redirects and errors come back as
 * they are; the caller follows them. API calls and HEAD requests stay on undici.
 */
export function directGet(url: URL, request: DirectRequest): Promise<DirectResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`unsupported protocol ${url.protocol}`))
  }
  return new Promise((resolve, reject) => {
    const head = Buffer.allocUnsafe(MAX_HEAD)
    let headBytes = 0
    let body: DirectBody | null = null
    let settled = false
    const fail = (error: Error): void => {
      if (settled) return body?.onClose(error)
      settled = true
      clearTimeout(timer)
      request.signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      reject(error)
    }
    const onAbort = (): void => {
      const reason: unknown = request.signal?.reason
      const error = reason instanceof Error ? reason : new Error('aborted')
      if (body) body.destroy(error)
      else fail(error)
    }
    const timer = setTimeout(
      () => fail(new Error('no answer from the server')),
      request.headTimeoutMs ?? 30_000,
    )

    const onread = {
      buffer: (): Uint8Array => (body ? body.nextReadTarget() : head.subarray(headBytes)),
      callback: (n: number, target: Uint8Array): boolean => {
        if (body) return body.onRead(n, target)
        headBytes += n
        const end = head.subarray(0, headBytes).indexOf('\r\n\r\n')
        if (end < 0) {
          if (headBytes >= MAX_HEAD) fail(new Error('answer head too large'))
          return true
        }
        try {
          const parsed = parseHead(head.subarray(0, end).toString('latin1'))
          const length = contentLength(parsed.headers)
          const early = Buffer.from(head.subarray(end + 4, headBytes))
          body = new DirectBody(socket, length ?? 0, early)
          settled = true
          clearTimeout(timer)
          request.signal?.removeEventListener('abort', onAbort)
          request.signal?.addEventListener('abort', onAbort, { once: true })
          resolve({ ...parsed, length, body })
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)))
        }
        // The body waits in the kernel until the caller starts it.
        return false
      },
    }
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // tls.connect takes `onread` like net.connect (Node's docs list it); @types/node omits it.
    const secure: tls.ConnectionOptions & { onread: net.OnReadOpts } = {
      host,
      port,
      servername: net.isIP(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
      ...(request.ca ? { ca: [...tls.rootCertificates, request.ca] } : {}),
      onread,
    }
    const socket =
      url.protocol === 'https:' ? tls.connect(secure) : net.connect({ host, port, onread })
    socket.on('error', fail)
    socket.on('close', () => (body ? body.onClose(null) : fail(new Error('connection closed'))))
    if (request.signal?.aborted) return onAbort()
    request.signal?.addEventListener('abort', onAbort, { once: true })

    try {
      let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\n` + headerLine('host', url.host)
      const headers = { 'user-agent': 'Hearth', ...request.headers }
      for (const [name, value] of Object.entries(headers)) text += headerLine(name, value)
      socket.write(`${text}accept-encoding: identity\r\nconnection: close\r\n\r\n`)
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)))
    }
  })
}
