import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { ensureTestModel } from '../../../scripts/test-model-cache.ts'
import type { Core } from '../core/create-core'
import type { HeadlessServer } from './server'
import { startTestHeadless, type TestHeadless } from '../../../test-support/test-headless'
import { WsTestClient } from '../../../test-support/ws-test-client'

/** Issue 10: the WebSocket's limits, on the real server over the real core and engine. */
describe('WebSocket limits', () => {
  let headless: TestHeadless
  let core: Core
  let server: HeadlessServer

  beforeAll(async () => {
    headless = await startTestHeadless({
      limits: { maxInFlight: 2, maxBufferedBytes: 256 * 1024 },
      maxConnections: 3,
    })
    ;({ core, server } = headless)
  })
  afterAll(() => headless.close())

  it('answers BUSY past the requests in flight, and the rest as they finish', async () => {
    const model = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
    const client = await WsTestClient.connect(server)
    // Each activation loads the real model: the first two stay in flight while the third arrives.
    const answers = await Promise.all(
      [1, 2, 3].map(() => client.invoke('models.activate', { path: model })),
    )
    expect(answers.map((answer) => answer.result.error?.code ?? 'ok').sort()).toEqual([
      'BUSY',
      'ok',
      'ok',
    ])
    expect((await client.invoke('app.status', {})).result).toMatchObject({ ok: true })
    client.close()
  })

  it('answers a request sent as a binary frame with a typed error', async () => {
    const client = await WsTestClient.connect(server)
    const answered = client.waitFor(7)
    client.ws.send(
      Buffer.from(JSON.stringify({ type: 'invoke', id: 7, channel: 'app.status', input: {} })),
      {
        binary: true,
      },
    )
    expect((await answered).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    client.close()
  })

  it('lets only the newest of a burst of searches run; every search is answered', async () => {
    const client = await WsTestClient.connect(server)
    const answers = await Promise.all(
      ['h', 'he', 'hel', 'hell', 'hello'].map((query) =>
        client.invoke('conversations.search', { query }),
      ),
    )
    expect(answers.at(-1)?.result).toMatchObject({ ok: true })
    for (const answer of answers) {
      expect(answer.result.ok || answer.result.error?.code === 'CANCELLED').toBe(true)
    }
    client.close()
  })

  it('refuses connections past the limit with 503', async () => {
    const open = await Promise.all([1, 2, 3].map(() => WsTestClient.connect(server)))
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
      })
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      ws.on('open', () => resolve(101))
    })
    expect(status).toBe(503)
    for (const client of open) client.close()
  })

  it('disconnects a client that stops reading before its answers pile up in memory', async () => {
    const conversation = core.store.createConversation({})
    if (!conversation.ok) throw new Error(conversation.error.message)
    core.store.addUserMessage({ conversationId: conversation.value.id, text: 'a'.repeat(90_000) })
    const client = await WsTestClient.connect(server)
    const closed = client.closed()
    // The client's socket stops reading: answers stay in the server's buffers.
    ;(client.ws as unknown as { _socket: Socket })._socket.pause()
    for (let id = 1; id <= 400; id++) {
      client.ws.send(
        JSON.stringify({
          type: 'invoke',
          id,
          channel: 'conversations.export',
          input: { ids: 'all', format: 'json' },
        }),
      )
      // Past the bound the server cuts the connection; stop sending once it has.
      if (client.ws.readyState !== WebSocket.OPEN) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    ;(client.ws as unknown as { _socket: Socket })._socket.resume()
    expect(await closed).toBe(1006)
  })
})
