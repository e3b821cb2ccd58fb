import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { ChatTurn, GenerateRequest } from './engine'
import { LlamaEngine } from './llama-engine'
import { samplingFor } from './sampling'

// The context policy on the real node-llama-cpp and the generated model. Its vocabulary spells
// plain ASCII one token per character (but for the few words of its reply, the role names and a few
// two-letter words after a space, such as " br"), so the sizes below are exact: a turn of N tokens
// takes N + 5 (header with its role, "\n\n", end of turn), the start of the answer 4 and the start
// of the text 1.

const HEAD = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`
const turn = (role: string, text: string) => `${HEAD(role)}${text}<|eot_id|>`

/** Three exchanges and a question, 40 characters each, each saying which it is. */
function history(): ChatTurn[] {
  const text = (label: string) => `${label}: ${'x'.repeat(40 - label.length - 2)}`
  return [
    { role: 'user', text: text('question 1') },
    { role: 'assistant', text: text('answer 1') },
    { role: 'user', text: text('question 2') },
    { role: 'assistant', text: text('answer 2') },
    { role: 'user', text: text('question 3') },
    { role: 'assistant', text: text('answer 3') },
    { role: 'user', text: text('question 4') },
  ]
}

function request(turns: ChatTurn[], maxTokens: number, systemPrompt = ''): GenerateRequest {
  return {
    history: turns,
    systemPrompt,
    sampling: { ...samplingFor('model-card'), maxTokens, seed: 3 },
    signal: new AbortController().signal,
    onTextChunk: () => undefined,
  }
}

describe('the context policy on the real engine, with a 256-token context', () => {
  const reply = new LlamaEngine({ threads: 1, contextSize: () => 256 })
  const endless = new LlamaEngine({ threads: 1, contextSize: () => 256 })

  beforeAll(async () => {
    const loaded = await Promise.all([
      reply.load(await ensureTestModel({ variant: 'reply', preset: 'tiny' })),
      endless.load(await ensureTestModel({ variant: 'endless', preset: 'tiny' })),
    ])
    if (!loaded.every((result) => result.ok)) throw new Error('test models did not load')
  })
  afterAll(async () => {
    await reply.dispose()
    await endless.dispose()
  })

  it('uses the context size from the settings and reports what the model was trained on', () => {
    expect(reply.getStatus()).toMatchObject({ contextSize: 256, trainedContextSize: 2048 })
  })

  it('sends the system prompt and the newest exchanges that fit, and says where the view starts', async () => {
    const turns = history()
    const result = await reply.generate(request(turns, 16, 'Be brief.'))
    // Room for the reply: 16 tokens (its limit; a quarter of the context is 64), one for the
    // library: the prompt may take 239. Start 1, system 12 ("Be brief." is 7), the newest exchange
    // 45 + 45, the question 45, the answer's start 4: 152. One more exchange (90) would not fit.
    expect(result).toEqual({
      ok: true,
      value: {
        text: TEST_MODEL_REPLY,
        stopReason: 'eos',
        tokenCount: 4,
        context: { contextSize: 256, promptTokens: 152, firstTurn: 4 },
      },
    })
    expect(reply.evaluatedText()).toBe(
      '<|begin_of_text|>' +
        turn('system', 'Be brief.') +
        turn('user', turns[4]?.text ?? '') +
        turn('assistant', turns[5]?.text ?? '') +
        turn('user', turns[6]?.text ?? '') +
        HEAD('assistant') +
        TEST_MODEL_REPLY,
    )
  })

  it('lowers the reply limit to what the context has left, so it never shifts mid-reply', async () => {
    const turns: ChatTurn[] = [{ role: 'user', text: 'y'.repeat(100) }]
    const prompt = reply.renderPrompt(turns, '')
    if (!prompt.ok) throw new Error(prompt.error.message)
    const result = await endless.generate(request(turns, 1024))
    // The prompt takes 1 + 105 + 4 = 110 tokens; node-llama-cpp would shift at 255.
    expect(result).toMatchObject({
      ok: true,
      value: {
        stopReason: 'length',
        tokenCount: 145,
        context: { promptTokens: 110, firstTurn: 0 },
      },
    })
    expect(endless.evaluatedText()?.startsWith(prompt.value)).toBe(true)
  })

  it('refuses a message larger than the context before generating anything', async () => {
    const chunks: string[] = []
    const result = await reply.generate({
      ...request([{ role: 'user', text: 'z'.repeat(300) }], 16),
      onTextChunk: (chunk) => chunks.push(chunk),
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTEXT_OVERFLOW' } })
    expect(!result.ok && result.error.message).toMatch(
      /more than this model's context of 256 tokens/,
    )
    expect(chunks).toEqual([])
  })

  it('never asks for more context than the model was trained on', async () => {
    const engine = new LlamaEngine({ threads: 1, contextSize: () => 100_000 })
    await engine.load(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
    expect(engine.getStatus()).toMatchObject({ state: 'ready', contextSize: 2048 })
    await engine.dispose()
  })
})
