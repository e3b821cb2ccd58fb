import {
  getLlama,
  Llama3ChatWrapper,
  LlamaChatSession,
  LlamaLogLevel,
  readGgufFileInfo,
} from 'node-llama-cpp'
import { resolveChatWrapper } from 'node-llama-cpp'
import type { Llama, LlamaContext, LlamaModel, Token } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestModel,
  expectedEndlessText,
  expectedQuoteReply,
  LLAMA3_CHAT_TEMPLATE,
  resolveTestModelShape,
  TEST_MODEL_REPLY,
  TEST_MODEL_REPLY_TOKENS,
  TEST_MODEL_TOKENS,
  TEST_MODEL_VOCAB_SIZE,
} from './make-test-model.ts'
import { ensureTestModel } from './test-model-cache.ts'
import { SPECIAL_TOKEN_TEXTS, toByteLevel } from './test-model-vocab.ts'

/** Sampling as an app would use it: the chain's margin must survive temperature 1. */
const SAMPLING = { temperature: 1, topK: 50, topP: 1, repeatPenalty: false, seed: 1234 } as const

describe('buildTestModel', () => {
  it('is byte-identical across builds', () => {
    expect(buildTestModel().equals(buildTestModel())).toBe(true)
    const endless = buildTestModel({ variant: 'endless' })
    expect(endless.equals(buildTestModel({ variant: 'endless' }))).toBe(true)
    expect(endless.equals(buildTestModel())).toBe(false)
    expect(buildTestModel({ variant: 'quote' }).equals(buildTestModel())).toBe(false)
    expect(buildTestModel({ variant: 'silent' }).equals(buildTestModel())).toBe(false)
  })

  it('keeps the tiny preset under 1 MB', () => {
    expect(buildTestModel({ preset: 'tiny' }).length).toBeLessThan(1024 * 1024)
  })

  it('stores token_type as an int32 array', () => {
    const buf = buildTestModel()
    const key = Buffer.from('tokenizer.ggml.token_type')
    const at = buf.indexOf(key) + key.length
    expect(buf.readUInt32LE(at)).toBe(9) // array
    expect(buf.readUInt32LE(at + 4)).toBe(5) // of int32
    expect(Number(buf.readBigUInt64LE(at + 8))).toBe(TEST_MODEL_VOCAB_SIZE)
  })

  it('rejects shapes llama.cpp cannot run', () => {
    expect(() => resolveTestModelShape({ embd: 66, heads: 4 })).toThrow(/multiple of heads/)
    expect(() => resolveTestModelShape({ heads: 4, kvHeads: 3 })).toThrow(/kv-heads/)
    expect(resolveTestModelShape({ preset: 'bench' }).embd).toBe(768)
  })

  it("has compact, stable special-token ids (far from Llama 3's 128000+)", () => {
    expect(TEST_MODEL_TOKENS).toEqual({
      beginOfText: 274,
      endOfText: 275,
      startHeaderId: 280,
      endHeaderId: 281,
      eotId: 283,
      reservedSpecialToken0: 276,
      doubleNewline: 256,
    })
    expect(TEST_MODEL_REPLY_TOKENS).toEqual([273, 269, 265, 13])
    expect(TEST_MODEL_VOCAB_SIZE).toBe(637)
  })

  it('gives the quote variant 300 words at the bench size and fewer where embd leaves no room', () => {
    const bench = expectedQuoteReply({ preset: 'bench' })
    expect(bench.startsWith('Hello ba bb bc')).toBe(true)
    expect(bench.split(' ')).toHaveLength(301)
    expect(expectedQuoteReply({ preset: 'tiny' }).split(' ')).toHaveLength(60)
  })

  it('spells text the GPT-2 byte-level way', () => {
    expect(toByteLevel(' a\n')).toBe('ĠaĊ')
  })
})

describe('the test model in node-llama-cpp', () => {
  let llama: Llama
  let reply: LlamaModel
  let endless: LlamaModel
  let quote: LlamaModel
  const contexts: LlamaContext[] = []
  let replyPath: string

  beforeAll(async () => {
    replyPath = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
    const endlessPath = await ensureTestModel({ variant: 'endless', preset: 'tiny' })
    llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error })
    reply = await llama.loadModel({ modelPath: replyPath })
    endless = await llama.loadModel({ modelPath: endlessPath })
    quote = await llama.loadModel({
      modelPath: await ensureTestModel({ variant: 'quote', preset: 'tiny' }),
    })
  })

  afterAll(async () => {
    for (const context of contexts) await context.dispose()
    await reply?.dispose()
    await endless?.dispose()
    await quote?.dispose()
    await llama?.dispose()
  })

  /** Always one thread: the default of 4 on a 2-core machine was measured ~500x slower. */
  async function session(model: LlamaModel): Promise<LlamaChatSession> {
    const context = await model.createContext({ threads: 1, contextSize: 1024 })
    contexts.push(context)
    return new LlamaChatSession({ contextSequence: context.getSequence() })
  }

  it('has the expected metadata and the Llama 3 chat template', async () => {
    const info = await readGgufFileInfo(replyPath, { logWarnings: false })
    const {
      general,
      llama: arch,
      tokenizer,
    } = info.metadata as unknown as {
      general: Record<string, unknown>
      llama: { attention: Record<string, unknown>; rope: Record<string, unknown> } & Record<
        string,
        unknown
      >
      tokenizer: { ggml: Record<string, unknown>; chat_template: string }
    }
    expect(general).toMatchObject({ architecture: 'llama', name: 'Hearth Test Model reply tiny' })
    expect(general.alignment).toBe(32)
    expect(arch).toMatchObject({
      context_length: 2048,
      embedding_length: 64,
      block_count: 2,
      feed_forward_length: 128,
      vocab_size: TEST_MODEL_VOCAB_SIZE,
    })
    expect(arch.attention).toMatchObject({ head_count: 4, head_count_kv: 4 })
    expect(arch.attention.layer_norm_rms_epsilon).toBeCloseTo(1e-5)
    expect(arch.rope.dimension_count).toBe(16)
    expect(tokenizer.ggml).toMatchObject({
      model: 'gpt2',
      pre: 'llama-bpe',
      bos_token_id: TEST_MODEL_TOKENS.beginOfText,
      eos_token_id: TEST_MODEL_TOKENS.endOfText,
      eot_token_id: TEST_MODEL_TOKENS.eotId,
    })
    expect(tokenizer.ggml.merges).toContain('Ċ Ċ')
    expect(tokenizer.chat_template).toBe(LLAMA3_CHAT_TEMPLATE)
    expect(tokenizer.chat_template).toContain("'<|end_header_id|>\\n\\n'")
    expect(info.tensorInfo?.map((t) => t.name)).toContain('blk.1.ffn_down.weight')
  })

  it('tokenizes each special token as one control token', () => {
    SPECIAL_TOKEN_TEXTS.forEach((text, i) => {
      const tokens = reply.tokenize(text, true)
      expect(tokens, text).toEqual([TEST_MODEL_TOKENS.beginOfText + i])
      for (const token of tokens) expect(reply.getTokenAttributes(token).control, text).toBe(true)
      expect(reply.detokenize(tokens, true)).toBe(text)
    })
    expect(reply.tokens.bos).toBe(TEST_MODEL_TOKENS.beginOfText)
    expect(reply.tokens.eos).toBe(TEST_MODEL_TOKENS.endOfText)
    expect(reply.tokens.eot).toBe(TEST_MODEL_TOKENS.eotId)
    expect(reply.isEogToken(reply.tokens.eot ?? undefined)).toBe(true)
    // Without special-token parsing the same text is plain characters.
    expect(reply.tokenize('<|eot_id|>', false).length).toBeGreaterThan(1)
  })

  it('tokenizes the role names as one token each, as Llama 3 does', () => {
    for (const role of ['user', 'assistant', 'system'])
      expect(reply.tokenize(role), role).toHaveLength(1)
    expect(reply.tokenize(' us bus')).toHaveLength(3)
  })

  it('tokenizes the reply and "\\n\\n" into the chain tokens', () => {
    expect(reply.tokenize('\n\n')).toEqual([TEST_MODEL_TOKENS.doubleNewline])
    expect(reply.tokenize(TEST_MODEL_REPLY)).toEqual(TEST_MODEL_REPLY_TOKENS)
    expect(reply.detokenize(TEST_MODEL_REPLY_TOKENS as readonly Token[])).toBe(TEST_MODEL_REPLY)
  })

  it('resolves to the Llama 3 chat wrapper', async () => {
    expect(resolveChatWrapper(reply)).toBeInstanceOf(Llama3ChatWrapper)
    expect((await session(reply)).chatWrapper).toBeInstanceOf(Llama3ChatWrapper)
  })

  it('replies exactly TEST_MODEL_REPLY and stops at <|eot_id|>, turn after turn', async () => {
    const chat = await session(reply)
    for (const prompt of ['Hi there!', 'And again?']) {
      const tokens: Token[] = []
      const result = await chat.promptWithMeta(prompt, {
        ...SAMPLING,
        maxTokens: 64,
        onToken: (chunk) => tokens.push(...chunk),
      })
      expect(result.responseText).toBe(TEST_MODEL_REPLY)
      expect(result.stopReason).toBe('eogToken')
      expect(tokens).toEqual(TEST_MODEL_REPLY_TOKENS)
    }
  })

  it("answers the quote variant's long reply one token per word, and again when a turn quotes it", async () => {
    const text = expectedQuoteReply({ preset: 'tiny' })
    // "Hello", 59 words, ".": the words' merges do not touch the other variants' tokens.
    expect(quote.tokenize(text)).toHaveLength(61)
    expect(quote.tokenize(TEST_MODEL_REPLY)).toEqual(TEST_MODEL_REPLY_TOKENS)
    const chat = await session(quote)
    for (const prompt of ['Write something long.', `Repeat this: ${text}`]) {
      const result = await chat.promptWithMeta(prompt, { ...SAMPLING, maxTokens: 200 })
      expect(result.responseText).toBe(text)
      expect(result.stopReason).toBe('eogToken')
    }
  })

  it('never stops in the endless variant: exactly maxTokens tokens', async () => {
    const chat = await session(endless)
    const tokens: Token[] = []
    const result = await chat.promptWithMeta('Go on forever.', {
      ...SAMPLING,
      maxTokens: 40,
      onToken: (chunk) => tokens.push(...chunk),
    })
    expect(result.stopReason).toBe('maxTokens')
    expect(tokens).toHaveLength(40)
    expect(tokens.some((t) => endless.isEogToken(t))).toBe(false)
    expect(result.responseText).toBe(expectedEndlessText(40))
  })
})
