import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LlamaContextSequence } from 'node-llama-cpp'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { ChatTurn, PrepareRequest } from './engine'
import { askEngine, loadStateEngine, replyText } from '../../../../test-support/engine-turns'
import type { LlamaEngine } from './llama-engine'

/** About 400 tokens of first message, so a restore is plainly visible in the counts. */
const LONG = 'Hello from Hearth. '.repeat(100)
const first: ChatTurn[] = [{ role: 'user', text: LONG }]
const answered: ChatTurn[] = [...first, { role: 'assistant', text: TEST_MODEL_REPLY }]
/** The tokens after a user message's text: its end and the reply's header (Llama 3: five). */
const REPLY_HEADER_TOKENS = 5

const typing = (conversationId: string, draft: string, history = answered): PrepareRequest => ({
  conversationId,
  history,
  draft,
  systemPrompt: '',
  maxTokens: 64,
})

/**
 * `prepare` on the real engine (generated Llama 3 shaped model, whose byte-level vocabulary makes
 * a short draft a few dozen tokens): what the renderer asks for while the user opens a
 * conversation and types, so that the send evaluates only the reply's header.
 */
describe('preparing a conversation while the user types', () => {
  let modelPath: string
  let dir: string
  const engines: LlamaEngine[] = []
  const start = async () => {
    const engine = await loadStateEngine(modelPath, dir)
    engines.push(engine)
    return engine
  }
  /** Conversation "a" answered, then "b": leaving "a" saved its state. */
  const switchedAway = async () => {
    const engine = await start()
    expect(await replyText(engine, 'a', first)).toBe(TEST_MODEL_REPLY)
    const held = engine.diagnostics()?.sequenceTokens ?? 0
    await replyText(engine, 'b', [{ role: 'user', text: 'Something else' }])
    await engine.flushState()
    return { engine, held }
  }

  beforeAll(async () => {
    modelPath = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    for (const engine of engines.splice(0)) await engine.dispose()
    await rm(dir, { recursive: true, force: true })
  })
  afterAll(async () => {
    for (const engine of engines.splice(0)) await engine.dispose()
  })

  it('restores the conversation when it is opened and evaluates the draft: the send evaluates only the reply header', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const { engine, held } = await switchedAway()

    expect(await engine.prepare(typing('a', ''))).toBe(true)
    expect(engine.diagnostics()).toMatchObject({
      residentConversation: 'a',
      lastRestore: { tokens: held },
    })
    const opened = engine.diagnostics()?.sequenceTokens ?? 0
    expect(await engine.prepare(typing('a', 'Tell me more'))).toBe(true)
    expect(engine.diagnostics()?.sequenceTokens).toBeGreaterThan(opened + 5)

    const followUp: ChatTurn[] = [...answered, { role: 'user', text: 'Tell me more' }]
    expect(await replyText(engine, 'a', followUp)).toBe(TEST_MODEL_REPLY)
    const turn = engine.diagnostics()?.lastTurn
    // Restored before the send, so the send restored nothing and reused all but the header.
    expect(turn?.restoredTokens).toBe(0)
    expect((turn?.promptTokens ?? 0) - (turn?.reusedTokens ?? 0)).toBe(REPLY_HEADER_TOKENS)
    const prompt = engine.renderPrompt(followUp, '')
    if (!prompt.ok) throw new Error(prompt.error.message)
    expect(engine.evaluatedText()?.startsWith(prompt.value)).toBe(true)
  })

  it('a draft that changes keeps only what the sent text shares with it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    expect(await engine.prepare(typing('a', 'Hello there, friend'))).toBe(true)

    const sent: ChatTurn[] = [...answered, { role: 'user', text: 'Help me' }]
    expect(await replyText(engine, 'a', sent)).toBe(TEST_MODEL_REPLY)
    const turn = engine.diagnostics()?.lastTurn
    // "Hel" was shared; "lo there, friend" was erased and "p me" evaluated with the header.
    expect((turn?.promptTokens ?? 0) - (turn?.reusedTokens ?? 0)).toBeGreaterThan(
      REPLY_HEADER_TOKENS,
    )
    const prompt = engine.renderPrompt(sent, '')
    if (!prompt.ok) throw new Error(prompt.error.message)
    expect(engine.evaluatedText()?.startsWith(prompt.value)).toBe(true)
    expect(engine.evaluatedText()).not.toContain('friend')
  })

  it('leaves a conversation without a saved state to the send: nothing evaluated, nothing saved under its name', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    const held = engine.diagnostics()?.sequenceTokens
    const files = await readdir(dir)

    const unseen: ChatTurn[] = [
      { role: 'user', text: LONG },
      { role: 'assistant', text: 'Hi' },
    ]
    expect(await engine.prepare(typing('never-saved', 'More', unseen))).toBe(false)
    expect(engine.diagnostics()).toMatchObject({ residentConversation: 'a', sequenceTokens: held })
    expect(await readdir(dir)).toEqual(files)
    // "a" is still the sequence's: its follow-up reuses all of it.
    await replyText(engine, 'a', [...answered, { role: 'user', text: 'Again' }])
    expect(engine.diagnostics()?.lastTurn?.reusedTokens).toBe(held)
  })

  it('does nothing while a reply is being written', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const engine = await start()
    const running = engine.generate(askEngine('a', first))
    expect(await engine.prepare(typing('a', 'Tell me more'))).toBe(false)
    expect(await running).toMatchObject({ ok: true, value: { text: TEST_MODEL_REPLY } })
  })

  it('a send that comes while a long draft is evaluated waits for one step of it, not all', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    const draft = 'A long message pasted in. '.repeat(20)
    const sequence = LlamaContextSequence.prototype
    // Called below with the instance the spy was called on.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = sequence.evaluateWithoutGeneratingNewTokens
    const sent: Promise<string>[] = []
    const evaluate = vi
      .spyOn(sequence, 'evaluateWithoutGeneratingNewTokens')
      .mockImplementation(function (this: LlamaContextSequence, ...args) {
        // The user sends while the first step of the draft is being evaluated.
        if (sent.length === 0)
          sent.push(replyText(engine, 'a', [...answered, { role: 'user', text: draft }]))
        return original.apply(this, args)
      })
    expect(await engine.prepare(typing('a', draft))).toBe(true)
    // One step of the draft (16 tokens of about 500), then it gave way to the send.
    expect(evaluate.mock.calls.map(([tokens]) => tokens.length)).toEqual([16])
    expect(await sent[0]).toBe(TEST_MODEL_REPLY)
  })

  it('a failure while preparing costs nothing: the next send answers', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-prepare-'))
    const { engine } = await switchedAway()
    vi.spyOn(LlamaContextSequence.prototype, 'loadStateFromFile').mockRejectedValueOnce(
      new Error('state file unreadable'),
    )
    expect(await engine.prepare(typing('a', ''))).toBe(false)
    expect(await replyText(engine, 'a', [...answered, { role: 'user', text: 'Again' }])).toBe(
      TEST_MODEL_REPLY,
    )

    vi.spyOn(
      LlamaContextSequence.prototype,
      'evaluateWithoutGeneratingNewTokens',
    ).mockRejectedValueOnce(new Error('decode failed'))
    expect(await engine.prepare(typing('a', 'More'))).toBe(false)
    expect(await replyText(engine, 'a', [...answered, { role: 'user', text: 'More' }])).toBe(
      TEST_MODEL_REPLY,
    )
  })
})
