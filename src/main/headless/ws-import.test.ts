import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateHistory } from '../../../bench/history-bench'
import { MAX_REQUEST_CHARS } from '../../shared/contract/limits'
import type { Core } from '../core/create-core'
import type { HeadlessServer } from './server'
import { startTestHeadless, type TestHeadless } from '../../../test-support/test-headless'
import { MAX_FRAME_BYTES } from './ws-bridge'
import { WsTestClient } from '../../../test-support/ws-test-client'

/**
 * Issue 10: the contract allowed a 200 MB import in one request, the WebSocket dropped any frame
 * over 4 MiB. Now no request is larger than a frame: a large file goes in parts.
 */
describe('imports over the WebSocket', () => {
  let headless: TestHeadless
  let core: Core
  let server: HeadlessServer

  beforeAll(async () => {
    headless = await startTestHeadless()
    ;({ core, server } = headless)
  })
  afterAll(() => headless.close())

  it('imports a file larger than one request in ordered parts', async () => {
    const file = JSON.stringify(generateHistory({ conversations: 40, messages: 8000 }))
    expect(file.length).toBeGreaterThan(2 * MAX_REQUEST_CHARS)
    const client = await WsTestClient.connect(server)
    const whole = await client.invoke('conversations.import', { content: file })
    expect(whole.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const parts = Math.ceil(file.length / MAX_REQUEST_CHARS)
    let last: unknown = null
    for (let index = 0; index < parts; index++) {
      const content = file.slice(index * MAX_REQUEST_CHARS, (index + 1) * MAX_REQUEST_CHARS)
      const answer = await client.invoke('conversations.importPart', {
        uploadId: 'upload-test-1',
        index,
        content,
        last: index === parts - 1,
      })
      expect(answer.result.ok).toBe(true)
      last = answer.result.value
    }
    expect(last).toMatchObject({ receivedChars: file.length, report: { imported: 40 } })
    expect(core.store.listConversations({ limit: 100 })).toHaveLength(40)
    client.close()
  })

  it('refuses a part out of order and drops that upload', async () => {
    const client = await WsTestClient.connect(server)
    const first = { uploadId: 'upload-test-2', index: 0, content: '{"a', last: false }
    expect((await client.invoke('conversations.importPart', first)).result.ok).toBe(true)
    const skipped = await client.invoke('conversations.importPart', { ...first, index: 2 })
    expect(skipped.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const again = await client.invoke('conversations.importPart', { ...first, index: 1 })
    expect(again.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    client.close()
  })

  it('the largest request fits a frame even if every character is escaped', async () => {
    const client = await WsTestClient.connect(server)
    const content = '\u0001'.repeat(MAX_REQUEST_CHARS)
    const frame = JSON.stringify({
      type: 'invoke',
      id: 1,
      channel: 'conversations.import',
      input: { content },
    })
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES)
    const answered = client.waitFor(1)
    client.ws.send(frame)
    // Not JSON: refused by the importer with a typed error, over a connection that stays open.
    expect((await answered).result).toMatchObject({ ok: false })
    expect((await client.invoke('app.status', {})).result).toMatchObject({ ok: true })
    client.close()
  })
})
