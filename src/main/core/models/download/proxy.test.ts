import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { hasTinyproxy, startTinyproxy, type Tinyproxy } from '../../../../../e2e/fixtures/tinyproxy'
import * as kit from '../../../../../test-support/download-kit'
import { createNodeFetch } from './node-fetch'

kit.useDownloadKit()

if (!hasTinyproxy) {
  console.log(
    "Skipping the proxy tests: Debian's tinyproxy is not installed (.ci/run installs it).",
  )
}

/** A loopback port that was just free: listened on, then closed. */
async function freedPort(): Promise<number> {
  const listener = createServer()
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const { port } = listener.address() as AddressInfo
  await new Promise<void>((resolve) => listener.close(() => resolve()))
  return port
}

let proxy: Tinyproxy | null = null
afterEach(async () => {
  await proxy?.close()
  proxy = null
})

/** Through a real HTTP proxy, as behind a company's or a university's network. */
describe.skipIf(!hasTinyproxy)('downloads through an HTTP proxy (tinyproxy)', () => {
  it('downloads through the proxy from HTTP_PROXY, with a drop and a resume, and only through it', async () => {
    // The fake answers 403 to anything that did not pass a proxy (no Via header).
    const server = await kit.serve({ requireProxy: true })
    proxy = await startTinyproxy()
    const direct = kit.manager(server, { fetch: createNodeFetch({}) })
    const refused = await direct.m.wait(direct.m.startTarget(kit.TARGET).downloadId)
    expect(refused.ok && refused.value.phase).toBe('error')

    kit.faults(server).dropAtByte = 1024 * 1024 + 17
    const { m } = kit.manager(server, { fetch: createNodeFetch({ HTTP_PROXY: proxy.url }) })
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.phase).toBe('done')
    expect(kit.sha(await readFile(kit.destination(m)))).toBe(kit.sha(kit.data))
    const gets = kit.byteRequests(server)
    expect(gets).toHaveLength(2)
    expect(Number(/bytes=(\d+)-/.exec(gets[1]?.headers.range ?? '')?.[1])).toBeGreaterThan(0)
    expect(gets.every((r) => String(r.headers.via).includes('tinyproxy'))).toBe(true)
    expect(await proxy.log()).toContain(`/${kit.FILE}`)
  })

  it('names the proxy when it refuses the connection', async () => {
    const server = await kit.serve()
    // A proxy address where nothing listens refuses every connection. (Reusing the address of a
    // tinyproxy just stopped hung once in CI, cause not found: a freed port is simpler.)
    const url = `http://127.0.0.1:${await freedPort()}`
    const { m } = kit.manager(server, {
      fetch: createNodeFetch({ HTTPS_PROXY: url, HTTP_PROXY: url }),
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    })
    const final = await m.wait(m.startTarget(kit.TARGET).downloadId)
    expect(final.ok && final.value.error).toEqual({
      code: 'DOWNLOAD_FAILED',
      message: `Could not reach Hugging Face: the proxy ${url} refused the connection. Check your proxy settings.`,
    })
  })
})
