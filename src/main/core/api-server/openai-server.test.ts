import { createServer, type Server } from 'node:net'
import type { APIError } from 'openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import {
  observeEngine,
  startApiHarness,
  type ApiHarness,
  type ObservedRun,
} from '../../../../test-support/api-server'

// The official `openai` client against Hearth's API server on the real engine and generated model.

describe('the API server on the reply model', () => {
  let api: ApiHarness

  beforeAll(async () => {
    api = await startApiHarness()
  })

  afterAll(async () => {
    await api.close()
  })

  it('lists the loaded model', async () => {
    const models = await api.client().models.list()
    expect(models.data.map((model) => model.id)).toEqual([api.modelId])
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'hearth' })
  })

  it('answers a chat completion with usage and finish_reason', async () => {
    const completion = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0,
      max_tokens: 20,
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices).toHaveLength(1)
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: TEST_MODEL_REPLY,
    })
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0)
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0)
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    )
  })

  it('reports finish_reason length when max_completion_tokens cuts the reply', async () => {
    const completion = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 2,
      seed: 1,
    })
    expect(completion.choices[0]?.finish_reason).toBe('length')
    expect(completion.usage?.completion_tokens).toBe(2)
  })

  it('ends the reply at a stop string, leaving it out', async () => {
    const completion = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [{ role: 'user', content: 'Hi' }],
      stop: [' Hearth'],
      temperature: 0,
    })
    expect(completion.choices[0]?.message.content).toBe('Hello from')
    expect(completion.choices[0]?.finish_reason).toBe('stop')
  })

  it('streams a reply as server-sent events with the usage last', async () => {
    const stream = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    })
    const pieces: string[] = []
    const finishReasons: (string | null)[] = []
    let usage: OpenAI.CompletionUsage | null | undefined = null
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk')
      for (const choice of chunk.choices) {
        if (choice.delta.content) pieces.push(choice.delta.content)
        finishReasons.push(choice.finish_reason)
      }
      if (chunk.usage) usage = chunk.usage
    }
    expect(pieces.join('')).toBe(TEST_MODEL_REPLY)
    expect(pieces.length).toBeGreaterThan(1)
    expect(finishReasons.at(-1)).toBe('stop')
    expect(usage?.completion_tokens).toBeGreaterThan(0)
  })

  it('ends the raw stream with data: [DONE]', async () => {
    const response = await fetch(`${api.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: api.modelId,
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      }),
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const text = await response.text()
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
  })

  it('holds a reply to a JSON schema: it parses and matches', async () => {
    const completion = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [{ role: 'user', content: 'Is the sky blue? Answer in JSON.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          schema: {
            type: 'object',
            properties: { answer: { enum: ['yes', 'no'] }, sure: { type: 'boolean' } },
            required: ['answer', 'sure'],
            additionalProperties: false,
          },
        },
      },
      seed: 3,
      max_tokens: 60,
    })
    const parsed: unknown = JSON.parse(completion.choices[0]?.message.content ?? '')
    expect(parsed).toEqual({
      answer: expect.stringMatching(/^(yes|no)$/),
      sure: expect.any(Boolean),
    })
  })

  it('refuses a bad key with 401 in OpenAI error shape', async () => {
    const failure = await api
      .client({ apiKey: 'not-the-key' })
      .models.list()
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((failure as APIError).code).toBe('invalid_api_key')
  })

  it('refuses a request with a foreign Origin', async () => {
    const response = await fetch(`${api.baseUrl}/models`, {
      headers: { Authorization: `Bearer ${api.key}`, Origin: 'https://evil.example' },
    })
    expect(response.status).toBe(403)
    const body = (await response.json()) as { error: { type: string; message: string } }
    expect(body.error.type).toBe('permission_error')
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    // A page served from this machine is let through, with CORS for its browser.
    const local = await fetch(`${api.baseUrl}/models`, {
      headers: { Authorization: `Bearer ${api.key}`, Origin: 'http://localhost:5173' },
    })
    expect(local.status).toBe(200)
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('refuses a malformed body with 400', async () => {
    const response = await fetch(`${api.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.key}`, 'Content-Type': 'application/json' },
      body: '{"model": "x", "messages": [',
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; type: string } }
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' })
    const wrongType = await api
      .client()
      .chat.completions.create({
        model: api.modelId,
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 7,
      })
      .catch((error: unknown) => error)
    expect(wrongType).toBeInstanceOf(OpenAI.BadRequestError)
    expect((wrongType as APIError).param).toBe('temperature')
  })

  it.each([
    ['tools', { tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }],
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    [
      'messages[0].content[0]',
      {
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }],
          },
        ],
      },
    ],
  ])('refuses the unsupported field %s by name', async (param, extra) => {
    const failure = await api
      .client()
      .chat.completions.create({
        model: api.modelId,
        messages: [{ role: 'user', content: 'Hi' }],
        ...extra,
      } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    expect((failure as APIError).param).toBe(param)
    expect((failure as APIError).message).toMatch(/not supported/)
  })

  it('names the model to use when asked for another', async () => {
    const failure = await api
      .client()
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError)
    expect((failure as APIError).message).toContain(api.modelId)
  })
})

describe('the API server on the endless model', () => {
  let api: ApiHarness
  /** Chunks the engine produced for each request, and how many it had when the client left. */
  const runs: ObservedRun[] = []

  beforeAll(async () => {
    api = await startApiHarness({
      variant: 'endless',
      queueLimit: 1,
      wrap: (engine) => observeEngine(engine, runs),
    })
  })

  afterAll(async () => {
    await api.close()
  })

  async function streamUntilFirstText() {
    const stream = await api.client().chat.completions.create({
      model: api.modelId,
      messages: [{ role: 'user', content: 'Go on' }],
      stream: true,
      max_tokens: 400,
    })
    const iterator = stream[Symbol.asyncIterator]()
    for (;;) {
      const next = await iterator.next()
      if (next.done === true) throw new Error('the stream ended early')
      if (next.value.choices[0]?.delta.content) return { stream, iterator }
    }
  }

  it('stops generating within one token of the client aborting mid-stream', async () => {
    const { stream } = await streamUntilFirstText()
    stream.controller.abort()
    await api.idle()
    const run = runs.at(-1)
    expect(run?.atAbort).not.toBeNull()
    const produced = run?.chunkTimes.length ?? 0
    expect(produced - (run?.atAbort ?? 0)).toBeLessThanOrEqual(1)
    expect(produced).toBeLessThan(400)
  })

  it('answers 429 with Retry-After when the queue is full, and the window can stop the request', async () => {
    const { iterator } = await streamUntilFirstText()
    expect(api.statuses.at(-1)?.requests).toBe(1)
    const failure = await api
      .client()
      .chat.completions.create({ model: api.modelId, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
    expect((failure as APIError).headers?.get('retry-after')).toBe('2')
    expect(api.service.stopRequests()).toBe(1)
    const rest: string[] = []
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      rest.push(next.value.choices[0]?.finish_reason ?? '')
    }
    expect(rest.at(-1)).toBe('stop')
    await api.idle()
  })
})

describe('the API server settings', () => {
  let blocker: Server

  beforeAll(async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve))
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()))
  })

  it('reports a port in use instead of crashing', async () => {
    const address = blocker.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    const failure = await startApiHarness({ settings: { apiServerPort: port } }).catch(
      (error: unknown) => error,
    )
    expect(String(failure)).toMatch(`Port ${port} is already in use`)
  })
})
