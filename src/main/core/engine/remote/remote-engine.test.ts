import { freePort } from '../../../../../scripts/llama-server.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../../scripts/make-test-model.ts'
import { startApiHarness, type ApiHarness } from '../../../../../test-support/api-server'
import type { GenerateRequest } from '../engine'
import { samplingFor } from '../sampling'
import { listRemoteModels } from './list-models'
import { RemoteEngine } from './remote-engine'

// Hearth talking to Hearth: the remote engine against Hearth's own API server, on the real engine
// and the generated models.

function request(
  text: string,
  maxTokens: number,
  chunks: string[] = [],
  signal?: AbortSignal,
): GenerateRequest {
  return {
    history: [{ role: 'user', text }],
    systemPrompt: '',
    sampling: { ...samplingFor('model-card'), maxTokens, seed: 7 },
    signal: signal ?? new AbortController().signal,
    onTextChunk: (chunk) => chunks.push(chunk),
  }
}

function engineFor(
  api: ApiHarness,
  overrides: { key?: string | null; modelId?: string; baseUrl?: string } = {},
) {
  return new RemoteEngine({
    endpoint: {
      id: 'hearth',
      name: 'Other Hearth',
      baseUrl: overrides.baseUrl ?? api.baseUrl,
      modelId: overrides.modelId ?? api.modelId,
    },
    apiKey: overrides.key === undefined ? api.key : overrides.key,
  })
}

describe('the remote engine against Hearth’s API server', () => {
  let reply: ApiHarness
  let endless: ApiHarness

  beforeAll(async () => {
    reply = await startApiHarness()
    endless = await startApiHarness({ variant: 'endless' })
  })

  afterAll(async () => {
    await reply.close()
    await endless.close()
  })

  it('lists the server’s models', async () => {
    expect(await listRemoteModels(reply.baseUrl, reply.key)).toEqual({
      ok: true,
      value: { models: [reply.modelId] },
    })
  })

  it('loads, reporting the endpoint, and streams a reply with its token count', async () => {
    const engine = engineFor(reply)
    const loaded = await engine.load()
    expect(loaded.ok).toBe(true)
    expect(engine.getStatus()).toMatchObject({
      state: 'ready',
      modelName: reply.modelId,
      endpoint: 'Other Hearth',
    })
    const chunks: string[] = []
    const result = await engine.generate(request('Hi', 50, chunks))
    expect(result).toEqual({
      ok: true,
      value: { text: TEST_MODEL_REPLY, stopReason: 'eos', tokenCount: expect.any(Number) },
    })
    expect(chunks.join('')).toBe(TEST_MODEL_REPLY)
    expect(chunks.length).toBeGreaterThan(1)
    if (result.ok) expect(result.value.tokenCount).toBeGreaterThan(1)
  })

  it('reports the token limit as length', async () => {
    const result = await engineFor(endless).generate(request('Go on', 5))
    expect(result).toMatchObject({ ok: true, value: { stopReason: 'length', tokenCount: 5 } })
  })

  it('stops by aborting the request, keeping what came', async () => {
    const abort = new AbortController()
    const chunks: string[] = []
    const engine = engineFor(endless)
    const running = engine.generate({
      ...request('Go on', 400, chunks, abort.signal),
      onTextChunk: (chunk) => {
        chunks.push(chunk)
        if (chunks.length === 3) abort.abort()
      },
    })
    const result = await running
    expect(result).toMatchObject({ ok: true, value: { stopReason: 'abort' } })
    if (result.ok) expect(result.value.text).toBe(chunks.join(''))
    // The server saw the client leave and freed its queue.
    await endless.idle()
    expect(endless.service.status.requests).toBe(0)
  })

  it('names the fix for a refused key, a missing model, an unreachable server and a long conversation', async () => {
    const badKey = await engineFor(reply, { key: 'wrong' }).load()
    expect(badKey).toMatchObject({ ok: false, error: { code: 'REMOTE_UNAUTHORIZED' } })
    if (!badKey.ok) expect(badKey.error.message).toMatch(/key in Models/)

    const noModel = await engineFor(reply, { modelId: 'llama-70b' }).load()
    expect(noModel).toMatchObject({ ok: false, error: { code: 'REMOTE_NO_MODEL' } })
    const noModelReply = await engineFor(reply, { modelId: 'llama-70b' }).generate(request('Hi', 5))
    expect(noModelReply).toMatchObject({ ok: false, error: { code: 'REMOTE_NO_MODEL' } })

    const closed = await freePort()
    const refused = await engineFor(reply, { baseUrl: `http://127.0.0.1:${closed}/v1` }).load()
    expect(refused).toMatchObject({ ok: false, error: { code: 'REMOTE_UNREACHABLE' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/server is running/)

    // The generated model's context is 512 tokens: this message does not fit.
    const long = await engineFor(reply).generate(request('Hello '.repeat(2000), 5))
    expect(long).toMatchObject({ ok: false, error: { code: 'CONTEXT_OVERFLOW' } })
    if (!long.ok) expect(long.error.message).toMatch(/larger context/)
  })
})
