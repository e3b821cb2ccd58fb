import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WsTestClient } from '../../../test-support/ws-test-client'
import { createCore, type Core } from '../core/create-core'
import { TEST_MODEL_REPLY } from '../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../scripts/test-model-cache.ts'
import { appDataDir, parseHeadlessArgs } from './args'
import { startHeadlessServer, type HeadlessServer } from './server'

const silent = { info: () => undefined, error: () => undefined }

/** Opens a WebSocket and reports the HTTP status of the upgrade: 101 on success. */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    ws.on('error', (error) => reject(error))
  })
}

function httpGet(port: number, path: string, host = `127.0.0.1:${port}`) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      req.end()
    },
  )
}

describe('headless server', () => {
  let core: Core
  let server: HeadlessServer
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-headless-'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Hearth</title>')
    core = await createCore({
      dataDir: join(dir, 'data'),
      modelPathOverride: await ensureTestModel(),
      threads: 1,
      log: silent,
    })
    await core.start()
    server = await startHeadlessServer({ core, rendererDir: dir, port: 0 })
  })

  afterAll(async () => {
    await server.close()
    await core.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('binds to 127.0.0.1 on the real port and prints a URL with the token in the fragment', () => {
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(40)
  })

  it('refuses the WebSocket upgrade with 401 without the token, with a wrong token or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`
    const origin = `http://127.0.0.1:${server.port}`
    expect(await upgradeStatus(base, origin)).toBe(401)
    expect(await upgradeStatus(`${base}?token=wrong`, origin)).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}x`, origin)).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`, 'http://evil.example')).toBe(401)
    expect(
      await upgradeStatus(`${base}?token=${server.token}`, `http://127.0.0.1:${server.port + 1}`),
    ).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`, undefined)).toBe(401)
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, origin),
    ).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`, origin)).toBe(101)
  })

  it('carries the contract: invoke answers a Result, malformed frames get typed errors, events arrive', async () => {
    // Each wait below is for a frame the server sends, matched by id or channel: no polling.
    const client = await WsTestClient.connect(server)
    expect(await client.invoke('app.status', {})).toMatchObject({
      result: { ok: true, value: { state: 'ready' } },
    })
    expect(await client.invoke('chat.send', { text: 7 })).toMatchObject({
      result: { ok: false, error: { code: 'INVALID_INPUT' } },
    })
    const nonsense = client.waitFor(3)
    client.ws.send(JSON.stringify({ type: 'nonsense', id: 3 }))
    expect(await nonsense).toMatchObject({
      result: { ok: false, error: { code: 'INVALID_INPUT' } },
    })
    client.ws.send('not json at all')
    const done = client.nextEvent('chat.done')
    expect(await client.invoke('chat.send', { text: 'hello' })).toMatchObject({
      result: { ok: true },
    })
    expect(await done).toMatchObject({ text: TEST_MODEL_REPLY })
    client.close()
  })

  it('serves the renderer with the CSP header, and nothing outside it or for another Host', async () => {
    const page = await httpGet(server.port, '/')
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'")
    expect(page.body).toContain('Hearth')
    expect((await httpGet(server.port, '/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(403)
    expect((await httpGet(server.port, '/missing.js')).status).toBe(404)
    expect((await httpGet(server.port, '/', 'evil.example')).status).toBe(421)
  })
})

describe('headless arguments', () => {
  it('parses --port --data --model and falls back to HEARTH_MODEL', () => {
    expect(parseHeadlessArgs(['--port', '0', '--data', '/d', '--model', '/m.gguf'], {})).toEqual({
      port: 0,
      dataDir: '/d',
      defaultDataDir: false,
      modelPath: '/m.gguf',
      threads: null,
    })
    expect(parseHeadlessArgs(['--data', '/d'], { HEARTH_MODEL: '/env.gguf' })).toMatchObject({
      modelPath: '/env.gguf',
    })
  })

  it('uses the per-user data folder of the desktop app without --data', () => {
    expect(parseHeadlessArgs([], { XDG_CONFIG_HOME: '/home/u/.config' })).toMatchObject({
      defaultDataDir: true,
      dataDir: appDataDir(process.platform, { XDG_CONFIG_HOME: '/home/u/.config' }),
    })
    expect(appDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/Hearth')
    expect(appDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/Hearth')
    expect(appDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Hearth')
    expect(
      appDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u'),
    ).toContain('Hearth')
  })

  it('explains a bad argument', () => {
    expect(parseHeadlessArgs(['--port', 'x', '--data', '/d'], {})).toEqual({
      error: '--port must be 0-65535, not x',
    })
    expect(parseHeadlessArgs(['--data', '/d', '--bogus'], {})).toMatchObject({
      error: expect.stringContaining('bogus'),
    })
  })
})
