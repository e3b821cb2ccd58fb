import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  findLlamaServer,
  startLlamaServer,
  type LlamaServer,
} from '../../../../../scripts/llama-server.ts'
import { TEST_MODEL_REPLY } from '../../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../../scripts/test-model-cache.ts'
import { startTestCore, type TestCore } from '../../../../../test-support/api-server'
import type { GenerateRequest } from '../engine'
import { samplingFor } from '../sampling'
import { RemoteEngine } from './remote-engine'

// Hearth's remote engine against a real llama.cpp server, built from the source node-llama-cpp
// ships (scripts/build-llama-server.sh; .ci/run builds it, so CI always runs these).

const server = findLlamaServer()
if ('missing' in server) console.log(`Skipping the llama-server tests: ${server.missing}`)
const binary = 'path' in server ? server.path : ''

function request(
  text: string,
  maxTokens: number,
  onText: (text: string) => void,
  signal?: AbortSignal,
): GenerateRequest {
  return {
    history: [{ role: 'user', text }],
    systemPrompt: '',
    sampling: { ...samplingFor('model-card'), temperature: 0, maxTokens, seed: 7 },
    signal: signal ?? new AbortController().signal,
    onTextChunk: onText,
  }
}

function engineOn(llama: LlamaServer): RemoteEngine {
  return new RemoteEngine({
    endpoint: { id: 'llama', name: 'llama.cpp', baseUrl: llama.baseUrl, modelId: llama.modelId },
    apiKey: null,
  })
}

describe.skipIf('missing' in server)('the remote engine against llama.cpp’s server', () => {
  let reply: LlamaServer
  let endless: LlamaServer
  // What beforeAll started, stopped in afterAll even when beforeAll failed half-way.
  const started: LlamaServer[] = []

  beforeAll(async () => {
    reply = await startLlamaServer({ binary, modelPath: await ensureTestModel() })
    started.push(reply)
    endless = await startLlamaServer({
      binary,
      modelPath: await ensureTestModel({ variant: 'endless' }),
    })
    started.push(endless)
  })

  afterAll(async () => {
    for (const server of started) await server.stop()
  })

  it('loads and streams a reply', async () => {
    const engine = engineOn(reply)
    expect((await engine.load()).ok).toBe(true)
    const pieces: string[] = []
    const result = await engine.generate(request('Hi', 20, (text) => pieces.push(text)))
    expect(result).toMatchObject({ ok: true, value: { text: TEST_MODEL_REPLY, stopReason: 'eos' } })
    expect(pieces.length).toBeGreaterThan(1)
  })

  it('stops by aborting the request', async () => {
    const abort = new AbortController()
    const pieces: string[] = []
    const result = await engineOn(endless).generate(
      request(
        'Go on',
        400,
        (text) => {
          pieces.push(text)
          if (pieces.length === 3) abort.abort()
        },
        abort.signal,
      ),
    )
    expect(result).toMatchObject({ ok: true, value: { stopReason: 'abort' } })
    if (result.ok) expect(result.value.text).toBe(pieces.join(''))
    // The server is free again: the next request is answered.
    const next = await engineOn(reply).generate(request('Hi', 20, () => undefined))
    expect(next).toMatchObject({ ok: true, value: { text: TEST_MODEL_REPLY } })
  })
})

describe.skipIf('missing' in server)(
  'a core on llama.cpp’s server that is killed mid-reply',
  () => {
    let llama: LlamaServer
    let test: TestCore
    // What beforeAll started, ended in afterAll (newest first) even when beforeAll failed half-way.
    const teardown: (() => Promise<void>)[] = []

    beforeAll(async () => {
      llama = await startLlamaServer({
        binary,
        modelPath: await ensureTestModel({ variant: 'endless' }),
      })
      teardown.unshift(() => llama.kill())
      test = await startTestCore({ autoTitles: false })
      teardown.unshift(() => test.close())
      const endpoint = {
        id: 'llama',
        name: 'llama.cpp',
        baseUrl: llama.baseUrl,
        modelId: llama.modelId,
      }
      await test.call('settings.update', { remoteEndpoints: [endpoint], engineChoice: 'llama' })
    })

    afterAll(async () => {
      for (const end of teardown) await end()
    })

    it('keeps the partial reply and marks it with the error', async () => {
      const { core } = test
      expect(core.engines.getStatus()).toMatchObject({ state: 'ready', endpoint: 'llama.cpp' })
      let deltas = 0
      const off = core.events.on('chat.delta', () => {
        deltas++
        if (deltas === 3) void llama.kill()
      })
      const done = test.nextDone()
      await test.call('chat.send', { text: 'Go on' })
      const ended = await done
      off()
      expect(ended.finishReason).toBe('error')
      expect(ended.error?.code).toBe('REMOTE_UNREACHABLE')
      expect(ended.error?.message).toMatch(/part received is kept/)
      expect(ended.text.length).toBeGreaterThan(0)
      const stored = core.store.getMessage(ended.assistantMessageId)
      expect(stored).toMatchObject({ ok: true, value: { text: ended.text, finishReason: 'error' } })
    })
  },
)
