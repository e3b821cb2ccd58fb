import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  TEST_MODEL_REPLY,
  TEST_MODEL_TOKENS,
  expectedEndlessText,
} from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { GenerateRequest, SamplingOptions } from './engine'
import { LlamaEngine } from './llama-engine'
import { samplingFor } from './sampling'

/** The model card's sampling (temperature 1, top-k 50), a fixed seed, and few tokens for speed. */
const sampling = (maxTokens: number, seed = 7): SamplingOptions => ({
  ...samplingFor('model-card'),
  maxTokens,
  seed,
})

function request(
  text: string,
  maxTokens: number,
  signal = new AbortController().signal,
  chunks: string[] = [],
): GenerateRequest {
  return {
    history: [{ role: 'user', text }],
    systemPrompt: '',
    sampling: sampling(maxTokens),
    signal,
    onTextChunk: (chunk) => chunks.push(chunk),
  }
}

describe('LlamaEngine on the generated Llama 3 shaped model', () => {
  // Threads pinned to 1: the tiny model is fastest single-threaded, and the machine has 2 cores.
  const replyEngine = new LlamaEngine({ threads: 1, maxContextSize: 512 })
  const endlessEngine = new LlamaEngine({ threads: 1, maxContextSize: 512 })
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-engine-'))
    const loadedReply = await replyEngine.load(
      await ensureTestModel({ variant: 'reply', preset: 'tiny' }),
    )
    const loadedEndless = await endlessEngine.load(
      await ensureTestModel({ variant: 'endless', preset: 'tiny' }),
    )
    if (!loadedReply.ok || !loadedEndless.ok) throw new Error('test models did not load')
  })

  afterAll(async () => {
    await replyEngine.dispose()
    await endlessEngine.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('reports the model, the CPU backend and the layers on the GPU', () => {
    expect(replyEngine.getStatus()).toMatchObject({
      state: 'ready',
      backend: 'CPU',
      gpuLayers: 0,
      totalLayers: 3,
      error: null,
    })
    expect(replyEngine.getStatus().modelName).toMatch(/Hearth Test Model/)
    expect(replyEngine.chatWrapperName()).toBe('Llama 3')
  })

  it('renders a two-turn conversation with a system prompt in the exact Llama 3 Instruct format', () => {
    const rendered = replyEngine.renderPrompt(
      [
        { role: 'user', text: 'Hi there' },
        { role: 'assistant', text: 'Hello!' },
        { role: 'user', text: 'What is 2+2?' },
      ],
      'You are terse.',
    )
    expect(rendered).toEqual({
      ok: true,
      value:
        '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    })
  })

  it('has no system block at all when no system prompt is set', () => {
    const rendered = replyEngine.renderPrompt([{ role: 'user', text: 'Hi' }], '')
    expect(rendered).toEqual({
      ok: true,
      value:
        '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    })
  })

  it('streams the exact reply and stops at the end-of-turn token', async () => {
    const chunks: string[] = []
    const result = await replyEngine.generate(request('Say hello', 64, undefined, chunks))
    // Four reply tokens; the end-of-turn token ends the reply and is not part of it.
    expect(result).toMatchObject({
      ok: true,
      value: { text: TEST_MODEL_REPLY, stopReason: 'eos', tokenCount: 4 },
    })
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.join('')).toBe(TEST_MODEL_REPLY)
    expect(TEST_MODEL_TOKENS.eotId).toBeLessThan(1000)
  })

  it('after a finished reply evaluates the next turn’s opening, which the next message reuses', async () => {
    const opening = '<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n'
    const first = await replyEngine.generate({ ...request('Hi', 64), conversationId: 'open' })
    expect(first).toMatchObject({ ok: true, value: { stopReason: 'eos' } })
    // The reply comes back first (its chat.done does not wait); the opening is the next task.
    expect(replyEngine.evaluatedText()?.endsWith(TEST_MODEL_REPLY)).toBe(true)
    await replyEngine.settled()
    expect(replyEngine.evaluatedText()?.endsWith(`${TEST_MODEL_REPLY}${opening}`)).toBe(true)
    const held = replyEngine.diagnostics()?.sequenceTokens ?? 0

    await replyEngine.generate({
      ...request('Again', 64),
      history: [
        { role: 'user', text: 'Hi' },
        { role: 'assistant', text: TEST_MODEL_REPLY },
        { role: 'user', text: 'Again' },
      ],
      conversationId: 'open',
    })
    // Everything held, the opening included, was reused: only "Again" and the reply's head remain.
    expect(replyEngine.diagnostics()?.lastTurn?.reusedTokens).toBe(held)

    // A reply cut short (to be continued, not answered) adds nothing after itself.
    await replyEngine.generate({ ...request('Hi', 2), conversationId: 'cut' })
    await replyEngine.settled()
    expect(replyEngine.evaluatedText()?.endsWith(opening)).toBe(false)
  })

  it('gives the same output for the same seed, and stops at the token limit', async () => {
    const first = await endlessEngine.generate(request('Go', 24))
    const second = await endlessEngine.generate(request('Go', 24))
    expect(first).toEqual(second)
    expect(first).toMatchObject({
      ok: true,
      value: { text: expectedEndlessText(24), stopReason: 'length', tokenCount: 24 },
    })
  })

  it('stops within one token of the abort', async () => {
    const abort = new AbortController()
    let tokensAtAbort = -1
    const chunks: string[] = []
    const generation = endlessEngine.generate({
      ...request('Go on', 1000, abort.signal),
      onTextChunk: (chunk) => {
        chunks.push(chunk)
        if (chunks.length === 8) {
          tokensAtAbort = chunks.length
          abort.abort()
        }
      },
    })
    const result = await generation
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.stopReason).toBe('abort')
    expect(chunks.length - tokensAtAbort).toBeLessThanOrEqual(1)
    expect(result.value.tokenCount).toBeLessThanOrEqual(tokensAtAbort + 1)
  })

  it('refuses a prompt larger than the context with a clear message', async () => {
    const result = await replyEngine.generate(request('word '.repeat(3000), 16))
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTEXT_OVERFLOW' } })
    expect(!result.ok && result.error.message).toMatch(
      /more than this model's context of \d+ tokens/,
    )
    // Still usable afterwards.
    expect((await replyEngine.generate(request('Hi', 16))).ok).toBe(true)
  })

  it('refuses a file that is not a GGUF model and never loads it', async () => {
    const fake = join(dir, 'not-a-model.gguf')
    await writeFile(fake, 'this is plain text, not a model')
    const engine = new LlamaEngine({ threads: 1 })
    const result = await engine.load(fake)
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    expect(engine.getStatus()).toMatchObject({ state: 'error', error: { code: 'NOT_GGUF' } })
    await engine.dispose()
  })
})
