import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { seededBytes } from '../../../../e2e/fixtures/fake-hf-server'
import { rawGet, type RawResponse } from './raw-http'

const data = seededBytes(9 * 1024 * 1024 + 17, 'raw-http')
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
let server: Server | null = null

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  server = null
})

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler)
  server = s
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

async function readAll(res: RawResponse | null): Promise<Buffer> {
  if (!res) throw new Error('expected a response')
  const chunks: Buffer[] = []
  for await (const c of res.body) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

describe('rawGet', () => {
  it('sends the headers and streams a Content-Length body exactly', async () => {
    let seen: Record<string, unknown> = {}
    const url = await serve((req, res) => {
      seen = req.headers
      res.writeHead(206, { 'content-length': String(data.length), etag: '"abc"', 'x-a': 'b' })
      res.end(data)
    })
    const res = await rawGet(new URL(`${url}/some/file.gguf?x=1`), { range: 'bytes=5-' })
    expect(res?.status).toBe(206)
    expect(res?.headers.etag).toBe('"abc"')
    expect(res?.headers['x-a']).toBe('b')
    expect(seen.range).toBe('bytes=5-')
    const body = await readAll(res)
    expect(body.length).toBe(data.length)
    expect(sha(body)).toBe(sha(data))
  })

  it('fails the body when the connection drops before Content-Length bytes', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(data.length) })
      res.write(data.subarray(0, 1024 * 1024), () => setTimeout(() => res.socket?.destroy(), 20))
    })
    const res = await rawGet(new URL(url), {})
    await expect(readAll(res)).rejects.toThrow(/closed early/)
  })

  it('answers null for a chunked 2xx (the caller uses Node http) and drops error bodies', async () => {
    const url = await serve((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 500)
      res.write('partial ')
      res.end('answer')
    })
    expect(await rawGet(new URL(`${url}/ok`), {})).toBeNull()
    const failed = await rawGet(new URL(`${url}/fail`), {})
    expect(failed?.status).toBe(500)
    expect((await readAll(failed)).length).toBe(0)
  })

  it('rejects header values that would split the request', async () => {
    const url = await serve((_req, res) => res.end())
    await expect(rawGet(new URL(url), { range: 'bytes=0-\r\nx: y' })).rejects.toThrow(/bad header/)
  })

  it('stops on abort', async () => {
    const sockets: Socket[] = []
    const url = await serve((req, res) => {
      sockets.push(req.socket)
      res.writeHead(200, { 'content-length': String(data.length) })
      res.write(data.subarray(0, 1024))
    })
    const controller = new AbortController()
    const res = await rawGet(new URL(url), {}, controller.signal)
    const reading = readAll(res)
    controller.abort()
    await expect(reading).rejects.toThrow()
    expect(sockets.length).toBe(1)
  })
})
