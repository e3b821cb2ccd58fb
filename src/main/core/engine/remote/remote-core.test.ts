import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../../scripts/test-model-cache.ts'
import {
  startApiHarness,
  startTestCore,
  type ApiHarness,
  type TestCore,
} from '../../../../../test-support/api-server'

// A whole core whose replies and titles come from a remote endpoint (Hearth's own API server on
// the generated model), chosen in settings; and an endpoint never contacted until chosen.

describe('a core on a remote endpoint', () => {
  let remote: ApiHarness
  let test: TestCore
  let tripwire: Server
  let tripwireConnections = 0
  const call: TestCore['call'] = (channel, input) => test.call(channel, input)

  beforeAll(async () => {
    remote = await startApiHarness()
    tripwire = createServer((socket) => {
      tripwireConnections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => tripwire.listen({ host: '127.0.0.1', port: 0 }, resolve))
    test = await startTestCore({ modelPathOverride: await ensureTestModel() })
  })

  afterAll(async () => {
    await test.close()
    await remote.close()
    await new Promise<void>((resolve) => tripwire.close(() => resolve()))
  })

  it('never contacts an endpoint the user added but did not choose', async () => {
    const address = tripwire.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    await call('settings.update', {
      remoteEndpoints: [
        { id: 'idle', name: 'Idle box', baseUrl: `http://127.0.0.1:${port}/v1`, modelId: 'm' },
      ],
    })
    await call('remote.setKey', { endpointId: 'idle', key: 'secret' })
    const done = test.nextDone()
    await call('chat.send', { text: 'Hi' })
    expect((await done).text).toBe(TEST_MODEL_REPLY)
    expect(test.core.engines.isRemote).toBe(false)
    expect(tripwireConnections).toBe(0)
  })

  it('replies and titles through the chosen endpoint, and shows it in the status', async () => {
    const models = await call('remote.models', { baseUrl: remote.baseUrl, apiKey: remote.key })
    expect(models.models).toEqual([remote.modelId])
    const endpoint = {
      id: 'box',
      name: 'GPU box',
      baseUrl: remote.baseUrl,
      modelId: remote.modelId,
    }
    const { remoteEndpoints } = await call('settings.get', {})
    await call('settings.update', { remoteEndpoints: [...remoteEndpoints, endpoint] })
    expect(await call('remote.setKey', { endpointId: 'box', key: remote.key })).toEqual({
      keySet: true,
    })
    await call('settings.update', { engineChoice: 'box' })
    expect(await call('app.status', {})).toMatchObject({
      state: 'ready',
      endpoint: 'GPU box',
      modelName: remote.modelId,
    })
    // The local model was unloaded: its memory is what going remote saves.
    expect(test.core.engine.getStatus().state).toBe('no-model')

    const titled = new Promise<string>((resolve) => {
      const off = test.core.events.on('conversations.changed', ({ ids }) => {
        const id = ids[0]
        if (id === undefined) return
        const found = test.core.store.getConversation(id, { limit: 1 })
        if (found.ok && found.value.conversation.title === TEST_MODEL_REPLY.replace(/\.$/, '')) {
          off()
          resolve(found.value.conversation.title)
        }
      })
    })
    const done = test.nextDone()
    await call('chat.send', { text: 'Hello there, remote' })
    const reply = await done
    expect(reply).toMatchObject({ finishReason: 'done', text: TEST_MODEL_REPLY, error: null })
    expect(reply.stats?.tokenCount).toBeGreaterThan(1)
    expect(reply.stats?.tokensPerSecond).toBeGreaterThan(0)
    expect(await titled).toBeTruthy()
  })

  it('goes back to this computer', async () => {
    await call('settings.update', { engineChoice: null })
    const status = await call('app.status', {})
    expect(status.state).toBe('ready')
    expect(status.endpoint ?? null).toBeNull()
    expect(test.core.engines.isRemote).toBe(false)
  })
})
