import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import { Readable } from 'node:stream'
import tls from 'node:tls'
import { takePooled } from './buffer-pool'

/**
 * A minimal HTTP/1.1 GET for the bytes of a model file. Node's http client reads the socket
 * 64 KiB at a time, allocating a buffer and running the parser and stream machinery for each:
 * at loopback speed that costs more CPU than curl's whole download. Here the socket reads into
 * pooled 2 MiB buffers (`onread`, see buffer-pool.ts), so a read is usually megabytes, and a big
 * read's buffer goes on to the disk write and the hashing worker as it is: no copy in JS.
 *
 * Only what a file download needs: one request per connection (`Connection: close`), a body
 * framed by Content-Length or by the connection's end. A chunked answer resolves `null` and the
 * caller falls back to Node's http client.
 */
export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Readable
}

/** A read smaller than this is copied out, so a slow line does not pin a 2 MiB buffer per read. */
const SMALL_READ = 256 * 1024
const MAX_HEAD = 64 * 1024
const NO_BODY = new Set([204, 304])

interface Head {
  status: number
  headers: IncomingHttpHeaders
}

function parseHead(text: string): Head | null {
  const lines = text.split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
  if (!m) return null
  const headers: IncomingHttpHeaders = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'set-cookie') headers['set-cookie'] = [...(headers['set-cookie'] ?? []), value]
    else {
      const before = headers[name]
      headers[name] = typeof before === 'string' ? `${before}, ${value}` : value
    }
  }
  return { status: Number(m[1]), headers }
}

function requestText(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`]
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error('bad header value')
    lines.push(`${name}: ${value}`)
  }
  lines.push('connection: close', '', '')
  return lines.join('\r\n')
}

/** The body: pushes each read's copy; pausing it pauses the socket. */
class RawBody extends Readable {
  readonly #socket: net.Socket

  constructor(socket: net.Socket) {
    super({ highWaterMark: 8 * 1024 * 1024 })
    this.#socket = socket
  }

  override _read(): void {
    this.#socket.resume()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#socket.destroy()
    callback(error)
  }
}

/**
 * One GET without following redirects. Resolves with the status and headers once they are in
 * (the body streams after; it is empty unless the status is 2xx), or `null` when a 2xx answer is
 * chunked. Rejects on connection errors.
 */
export function rawGet(
  url: URL,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<RawResponse | null> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const request = requestText(url, headers)
    // Reads land in pooled buffers; a big read's buffer is handed on whole and replaced.
    let readBuffer: Uint8Array | null = null
    let head: Buffer | null = Buffer.alloc(0)
    let body: RawBody | null = null
    let remaining = Infinity
    let settled = false
    const fail = (e: Error): void => {
      if (!settled) {
        settled = true
        reject(e)
      }
      body?.destroy(e)
      socket.destroy()
    }
    const deliver = (view: Buffer): boolean => {
      if (!body) return true
      const n = Math.min(view.length, remaining)
      remaining -= n
      let more = true
      if (n >= SMALL_READ && view.byteOffset === 0 && view.buffer === readBuffer?.buffer) {
        readBuffer = null
        more = body.push(view.subarray(0, n))
      } else if (n > 0) {
        // A buffer of its own: the read buffer is reused for the next read.
        const copy = Buffer.allocUnsafeSlow(n)
        view.copy(copy, 0, 0, n)
        more = body.push(copy)
      }
      if (remaining === 0) {
        body.push(null)
        socket.end()
        more = true
      }
      return more
    }
    const onHead = (view: Buffer): boolean => {
      head = Buffer.concat([head ?? Buffer.alloc(0), view])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) {
        if (head.length > MAX_HEAD) fail(new Error('response head too large'))
        return true
      }
      const parsed = parseHead(head.subarray(0, end).toString('latin1'))
      const rest = head.subarray(end + 4)
      head = null
      if (!parsed) {
        fail(new Error('not an HTTP response'))
        return false
      }
      if (parsed.status >= 100 && parsed.status < 200) {
        head = Buffer.alloc(0)
        return onHead(rest)
      }
      settled = true
      const ok = parsed.status >= 200 && parsed.status < 300
      if (parsed.headers['transfer-encoding'] !== undefined && ok) {
        socket.destroy()
        resolve(null)
        return false
      }
      const length = Number(parsed.headers['content-length'])
      body = new RawBody(socket)
      body.once('close', () => socket.destroy())
      // Only file bytes are read: an error page or a redirect is dropped unread, however framed.
      if (NO_BODY.has(parsed.status) || !ok) remaining = 0
      else if (parsed.headers['content-length'] !== undefined && Number.isSafeInteger(length))
        remaining = length
      resolve({ status: parsed.status, headers: parsed.headers, body })
      if (remaining === 0) {
        body.push(null)
        socket.end()
        return true
      }
      return deliver(rest)
    }
    const options = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      onread: {
        buffer: (): Uint8Array => (readBuffer ??= new Uint8Array(takePooled())),
        callback: (n: number, buf: Uint8Array): boolean => {
          const view = Buffer.from(buf.buffer, buf.byteOffset, n)
          return head ? onHead(view) : deliver(view)
        },
      },
    }
    const socket =
      url.protocol === 'https:'
        ? tls.connect({
            ...options,
            ...(net.isIP(options.host) ? {} : { servername: options.host }),
            ALPNProtocols: ['http/1.1'],
          })
        : net.connect(options)
    socket.on('error', (e) => fail(e))
    socket.setNoDelay(true)
    socket.write(request)
    socket.on('close', () => {
      if (!settled) return fail(new Error('connection closed before an answer'))
      if (body && remaining !== 0 && remaining !== Infinity) {
        body.destroy(new Error('connection closed early'))
      } else if (body && remaining === Infinity) body.push(null)
    })
    const onAbort = (): void =>
      fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('close', () => signal?.removeEventListener('abort', onAbort))
  })
}
