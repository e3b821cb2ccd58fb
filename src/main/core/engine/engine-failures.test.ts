import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LlamaChatSession, LlamaContextSequence, LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { expectedEndlessText, TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { ChatTurn, GenerateRequest } from './engine'
import { LlamaEngine } from './llama-engine'
import { samplingFor } from './sampling'

const LONG = 'Hello from Hearth. '.repeat(60)

function ask(
  conversationId: string | undefined,
  history: ChatTurn[],
  maxTokens = 32,
): GenerateRequest {
  return {
    history,
    systemPrompt: '',
    sampling: { ...samplingFor('model-card'), maxTokens, seed: 5 },
    signal: new AbortController().signal,
    onTextChunk: () => undefined,
    ...(conversationId === undefined ? {} : { conversationId }),
  }
}

const followUp: ChatTurn[] = [
  { role: 'user', text: LONG },
  { role: 'assistant', text: TEST_MODEL_REPLY },
  { role: 'user', text: 'Again' },
]

/**
 * Failures injected into the real node-llama-cpp at each point of a generation (prototype spies:
 * the engine's own objects are node-llama-cpp's classes). Each must come back as a typed error or
 * cost only speed, and the next generation must work.
 */
describe('the real engine under injected failures', () => {
  let replyModel: string
  let endlessModel: string
  let dir: string
  let engine: LlamaEngine
  let tokenize: MockInstance<LlamaModel['tokenize']>

  beforeAll(async () => {
    // LlamaModel binds tokenize per instance when it is built: spy before the model loads.
    tokenize = vi.spyOn(LlamaModel.prototype, 'tokenize')
    replyModel = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
    endlessModel = await ensureTestModel({ variant: 'endless', preset: 'tiny' })
    dir = await mkdtemp(join(tmpdir(), 'hearth-failures-'))
    engine = new LlamaEngine({
      threads: 1,
      maxContextSize: 1024,
      stateDir: dir,
      minSaveGainMs: 0,
      idleSaveMs: 60_000,
    })
    const loaded = await engine.load(replyModel)
    if (!loaded.ok) throw new Error(loaded.error.message)
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await engine.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  const works = async () =>
    expect(
      await engine.generate(ask('ok', [{ role: 'user', text: 'Still there?' }])),
    ).toMatchObject({
      ok: true,
      value: { text: TEST_MODEL_REPLY },
    })

  it('tokenising throws: GENERATION_FAILED, then the next generation works', async () => {
    tokenize.mockImplementationOnce(() => {
      throw new Error('tokenizer exploded')
    })
    expect(await engine.generate(ask('t', [{ role: 'user', text: 'Hi' }]))).toMatchObject({
      ok: false,
      error: {
        code: 'GENERATION_FAILED',
        message: expect.stringContaining('tokenizer exploded') as string,
      },
    })
    await works()
  })

  it('setting the chat history throws: GENERATION_FAILED, then the next generation works', async () => {
    vi.spyOn(LlamaChatSession.prototype, 'setChatHistory').mockImplementationOnce(() => {
      throw new Error('bad history')
    })
    expect(await engine.generate(ask('h', [{ role: 'user', text: 'Hi' }]))).toMatchObject({
      ok: false,
      error: { code: 'GENERATION_FAILED' },
    })
    await works()
  })

  it('the prompt rejects: GENERATION_FAILED, then the next generation works', async () => {
    vi.spyOn(LlamaChatSession.prototype, 'promptWithMeta').mockRejectedValueOnce(
      new Error('decode failed'),
    )
    expect(await engine.generate(ask('p', [{ role: 'user', text: 'Hi' }]))).toMatchObject({
      ok: false,
      error: {
        code: 'GENERATION_FAILED',
        message: expect.stringContaining('decode failed') as string,
      },
    })
    await works()
  })

  it('saving a state fails (a full disk): the reply is unaffected and nothing is left behind', async () => {
    await engine.generate(ask('s1', [{ role: 'user', text: LONG }]))
    vi.spyOn(LlamaContextSequence.prototype, 'saveStateToFile').mockRejectedValueOnce(
      new Error('Failed to save state to file'),
    )
    expect(await engine.generate(ask('s2', [{ role: 'user', text: 'Hi' }]))).toMatchObject({
      ok: true,
    })
    await engine.flushState()
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    // "s1" was not saved, so coming back evaluates it again: slower, still right.
    expect(await engine.generate(ask('s1', followUp))).toMatchObject({
      ok: true,
      value: { text: TEST_MODEL_REPLY },
    })
    expect(engine.diagnostics()?.lastTurn?.restoredTokens).toBe(0)
  })

  it('loading a state fails: the file is dropped, the sequence replaced, and the reply evaluated', async () => {
    await engine.generate(ask('l1', [{ role: 'user', text: LONG }]))
    await engine.generate(ask('l2', [{ role: 'user', text: 'Hi' }]))
    await engine.flushState()
    const files = (await readdir(dir)).filter((name) => name.endsWith('.hstate')).length
    vi.spyOn(LlamaContextSequence.prototype, 'loadStateFromFile').mockRejectedValueOnce(
      new Error('Failed to load state'),
    )
    expect(await engine.generate(ask('l1', followUp))).toMatchObject({
      ok: true,
      value: { text: TEST_MODEL_REPLY },
    })
    expect(engine.diagnostics()?.lastTurn?.restoredTokens).toBe(0)
    expect((await readdir(dir)).filter((name) => name.endsWith('.hstate')).length).toBe(files - 1)
    await works()
  })

  it('a generation queued behind an unload answers NO_MODEL instead of touching the disposed model', async () => {
    const unloading = engine.load(null)
    const queued = engine.generate(ask('q', [{ role: 'user', text: 'Hi' }]))
    await unloading
    expect(await queued).toMatchObject({ ok: false, error: { code: 'NO_MODEL' } })
    expect((await engine.load(replyModel)).ok).toBe(true)
  })

  it('a generation queued behind a load runs on the model loaded now', async () => {
    const loading = engine.load(endlessModel)
    const queued = engine.generate(ask(undefined, [{ role: 'user', text: 'Hi' }], 12))
    await loading
    expect(await queued).toMatchObject({ ok: true, value: { text: expectedEndlessText(12) } })
    expect((await engine.load(replyModel)).ok).toBe(true)
    await works()
  })
})
