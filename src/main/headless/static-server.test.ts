import { execFileSync } from 'node:child_process'
import { request, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaticHandler } from './static-server'

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Issue 10: the static server serves only regular files under its root, links resolved. */
describe('static server', () => {
  let dir: string
  let server: Server
  let port = 0

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-static-'))
    const root = join(dir, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Hearth</title>')
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(dir, 'secret.txt'), 'outside the root')
    await symlink(join(dir, 'secret.txt'), join(root, 'leak.js'))
    await symlink(dir, join(root, 'up'))
    await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'))
    execFileSync('mkfifo', [join(root, 'pipe.js')])
    const serveStatic = createStaticHandler(root, () => port)
    server = createServer((request, response) => void serveStatic(request, response))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  })

  it('serves files under the root, and a link that stays inside it', async () => {
    expect(await get(port, '/')).toMatchObject({ status: 200 })
    expect(await get(port, '/assets/app.js')).toEqual({ status: 200, body: 'console.log(1)' })
    expect(await get(port, '/alias.js')).toEqual({ status: 200, body: 'console.log(1)' })
  })

  it('never follows a link out of the root, and never opens a FIFO or a folder', async () => {
    for (const path of ['/leak.js', '/up/secret.txt', '/pipe.js', '/assets']) {
      const answer = await get(port, path)
      expect(answer, path).toMatchObject({ status: 404 })
      expect(answer.body).not.toContain('outside the root')
    }
  })
})
