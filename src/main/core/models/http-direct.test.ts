import { createHash } from 'node:crypto'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../../../../e2e/fixtures/test-tls'
import { directGet, type BodySink } from './http-direct'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const closers: (() => void)[] = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

async function serve(handler: Handler, secure = false): Promise<URL> {
  const server = secure
    ? https.createServer({ cert: TEST_TLS_CERT, key: TEST_TLS_KEY }, handler)
    : http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => server.close())
  const { port } = server.address() as AddressInfo
  return new URL(`${secure ? 'https' : 'http'}://127.0.0.1:${port}/file.bin`)
}

/**
 * A sink of `slots` blocks of `slotBytes` that a slow "disk" empties one full block every few
 * milliseconds. Like the real ring it never moves the block being filled (the socket's next read
 * already points into it), so the reader must pause while all are full and lose nothing.
 */
function collectingSink(slots: number, slotBytes: number, onRoom: () => void) {
  const free = Array.from({ length: slots }, () => new Uint8Array(slotBytes))
  const full: Uint8Array<ArrayBuffer>[] = []
  let current: Uint8Array<ArrayBuffer> | null = null
  let fill = 0
  let fullTimes = 0
  const out: Buffer[] = []
  let resolveEnd: (error: Error | null) => void = () => undefined
  const ended = new Promise<Error | null>((resolve) => (resolveEnd = resolve))
  const timer = setInterval(() => {
    const block = full.shift()
    if (!block) return
    out.push(Buffer.from(block))
    free.push(block)
    onRoom()
  }, 2)
  const sink: BodySink = {
    space: () => {
      current ??= free.shift() ?? null
      if (!current) fullTimes++
      return current ? current.subarray(fill) : null
    },
    filled: (n) => {
      fill += n
      if (current && fill === slotBytes) {
        full.push(current)
        current = null
        fill = 0
      }
    },
    end: (error) => {
      clearInterval(timer)
      for (const block of full) out.push(Buffer.from(block))
      if (current) out.push(Buffer.from(current.subarray(0, fill)))
      resolveEnd(error)
    },
  }
  return { sink, ended, bytes: () => Buffer.concat(out), fullTimes: () => fullTimes }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

describe('directGet', () => {
  it('streams a body through a small, often full sink without losing or reordering a byte', async () => {
    const data = seededBytes(3 * 1024 * 1024 + 17, 'direct')
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': data.length, etag: '"abc"' }).end(data)
    })
    const res = await directGet(url, { headers: {} })
    expect(res.status).toBe(200)
    expect(res.length).toBe(data.length)
    expect(res.headers.etag).toBe('"abc"')
    const c = collectingSink(3, 16 * 1024, () => res.body.resume())
    res.body.start(c.sink)
    expect(await c.ended).toBeNull()
    expect(sha(c.bytes())).toBe(sha(data))
    // The sink was full (reads paused and went to the spill buffer) many times on the way.
    expect(c.fullTimes()).toBeGreaterThan(10)
  })

  it('speaks HTTPS, sends the request headers and reads a 206', async () => {
    const data = seededBytes(500_000, 'tls')
    let seen: IncomingMessage['headers'] = {}
    const url = await serve((req, res) => {
      seen = req.headers
      const body = data.subarray(1000)
      res
        .writeHead(206, {
          'content-length': body.length,
          'content-range': `bytes 1000-${data.length - 1}/${data.length}`,
        })
        .end(body)
    }, true)
    const res = await directGet(url, {
      headers: { range: 'bytes=1000-', 'if-range': '"v1"' },
      ca: TEST_TLS_CERT,
    })
    expect(res.status).toBe(206)
    expect(seen).toMatchObject({ range: 'bytes=1000-', 'if-range': '"v1"', 'user-agent': 'Hearth' })
    const c = collectingSink(64, 64 * 1024, () => res.body.resume())
    res.body.start(c.sink)
    expect(await c.ended).toBeNull()
    expect(c.bytes().equals(data.subarray(1000))).toBe(true)
  })

  it('refuses a certificate nobody vouches for', async () => {
    const url = await serve((_req, res) => res.end('x'), true)
    await expect(directGet(url, { headers: {} })).rejects.toThrow(/self-signed|certificate/i)
  })

  it('reports a connection dropped mid-body, keeping what arrived', async () => {
    const data = seededBytes(2 * 1024 * 1024, 'drop')
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': data.length })
      res.write(data.subarray(0, 300_000), () => setTimeout(() => res.socket?.destroy(), 30))
    })
    const res = await directGet(url, { headers: {} })
    const c = collectingSink(64, 64 * 1024, () => res.body.resume())
    res.body.start(c.sink)
    expect((await c.ended)?.message).toBe('connection closed early')
    expect(c.bytes().equals(data.subarray(0, 300_000))).toBe(true)
  })

  it('stops on abort and says so', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 10_000_000 })
      res.write(Buffer.alloc(1000))
    })
    const controller = new AbortController()
    const res = await directGet(url, { headers: {}, signal: controller.signal })
    const c = collectingSink(64, 64 * 1024, () => res.body.resume())
    res.body.start(c.sink)
    controller.abort(new Error('user paused'))
    expect((await c.ended)?.message).toBe('user paused')
  })

  it('gives up on a server that never answers', async () => {
    const silent = net.createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    closers.push(() => silent.close())
    const { port } = silent.address() as AddressInfo
    const url = new URL(`http://127.0.0.1:${port}/x`)
    await expect(directGet(url, { headers: {}, headTimeoutMs: 100 })).rejects.toThrow(
      'no answer from the server',
    )
  })

  it('marks a body without Content-Length (chunked) as not streamable', async () => {
    const url = await serve((_req, res) => {
      res.write('chunk one')
      res.end('chunk two')
    })
    const res = await directGet(url, { headers: {} })
    expect(res.status).toBe(200)
    expect(res.length).toBeNull()
    res.body.destroy()
  })

  it('never lets a header value start a new header line', async () => {
    const url = await serve((_req, res) => res.end('x'))
    await expect(directGet(url, { headers: { 'if-range': '"a"\r\nx-evil: 1' } })).rejects.toThrow(
      'refusing to send header if-range',
    )
  })
})
