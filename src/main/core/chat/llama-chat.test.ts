import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type {
  EventPayload,
  RequestChannel,
  RequestInput,
  RequestOutput,
} from '../../../shared/contract/contract'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { createCore, type Core } from '../create-core'
import { LlamaEngine } from '../engine/llama-engine'

// Per-conversation settings and the context policy through the whole core (settings file, SQLite
// history, chat service, channels) on the real node-llama-cpp and the generated model.

const HEAD = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`
const turn = (role: string, text: string) => `${HEAD(role)}${text}<|eot_id|>`
/** After a finished reply the engine evaluates what every next message starts with. */
const NEXT_TURN = `<|eot_id|>${HEAD('user')}`

describe('chat on the real engine', () => {
  let core: Core
  let dataDir: string
  let engine: LlamaEngine

  async function call<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<RequestOutput<C>> {
    const result = await core.dispatch(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as RequestOutput<C>
  }

  /** Starts a reply with `start` and resolves with its chat.done. */
  async function reply(start: () => Promise<unknown>): Promise<EventPayload<'chat.done'>> {
    const done = new Promise<EventPayload<'chat.done'>>((resolve) => {
      const off = core.events.on('chat.done', (payload) => {
        off()
        resolve(payload)
      })
    })
    await start()
    return done
  }

  function statusWhere(check: (status: AppStatus) => boolean): Promise<AppStatus> {
    return new Promise((resolve) => {
      if (check(core.engine.getStatus())) {
        resolve(core.engine.getStatus())
        return
      }
      const off = core.engine.onStatusChange((status) => {
        if (!check(status)) return
        off()
        resolve(status)
      })
    })
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-llama-chat-'))
    core = await createCore({
      dataDir,
      modelPathOverride: await ensureTestModel({ variant: 'reply', preset: 'tiny' }),
      threads: 1,
      autoTitles: false,
      log: { info: () => undefined, error: () => undefined },
    })
    await core.start()
    if (!(core.engine instanceof LlamaEngine)) throw new Error('expected the real engine')
    engine = core.engine
  })
  afterAll(async () => {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it("sends a conversation's own system prompt in the exact Llama 3 prompt, and another conversation's not", async () => {
    await call('settings.update', { systemPrompt: 'Answer in one line.' })
    const first = await reply(() => call('chat.send', { text: 'Hi' }))
    await call('conversations.updateSettings', {
      id: first.conversationId,
      systemPrompt: 'You are a pirate.',
    })
    const pirate = await reply(() =>
      call('chat.send', { conversationId: first.conversationId, text: 'Ahoy?' }),
    )
    expect(pirate).toMatchObject({ finishReason: 'done', text: TEST_MODEL_REPLY })
    await engine.settled()
    expect(engine.evaluatedText()).toBe(
      '<|begin_of_text|>' +
        turn('system', 'You are a pirate.') +
        turn('user', 'Hi') +
        turn('assistant', TEST_MODEL_REPLY) +
        turn('user', 'Ahoy?') +
        HEAD('assistant') +
        TEST_MODEL_REPLY +
        NEXT_TURN,
    )

    const other = await reply(() => call('chat.send', { text: 'Hello' }))
    expect(other.conversationId).not.toBe(first.conversationId)
    await engine.settled()
    expect(engine.evaluatedText()).toBe(
      '<|begin_of_text|>' +
        turn('system', 'Answer in one line.') +
        turn('user', 'Hello') +
        HEAD('assistant') +
        TEST_MODEL_REPLY +
        NEXT_TURN,
    )
    expect(engine.evaluatedText()).not.toContain('pirate')

    const stored = await call('conversations.get', { id: first.conversationId })
    expect(stored.messages.at(-1)?.generation).toMatchObject({
      model: 'Hearth Test Model reply tiny',
      systemPrompt: 'You are a pirate.',
      samplingName: 'model-card',
      source: 'conversation',
      context: { firstSeenId: null, replyTokens: 4 },
    })
    expect(stored.context).toMatchObject({ firstSeenId: null, contextSize: 2048 })
  })

  it('chat.prepare evaluates the draft after the conversation as the send renders it; the send then evaluates only the reply header', async () => {
    await call('settings.update', { systemPrompt: 'Be brief.' })
    const first = await reply(() => call('chat.send', { text: 'Hi' }))
    const conversationId = first.conversationId
    // The user opens the conversation once the reply is over (and its next turn's opening is).
    await engine.settled()
    expect(await call('chat.prepare', { conversationId, draft: '  Tell me more ' })).toEqual({
      preparing: true,
    })
    await engine.settled()
    const conversation =
      '<|begin_of_text|>' +
      turn('system', 'Be brief.') +
      turn('user', 'Hi') +
      HEAD('assistant') +
      TEST_MODEL_REPLY +
      NEXT_TURN
    expect(engine.evaluatedText()).toBe(`${conversation}Tell me more`)

    await reply(() => call('chat.send', { conversationId, text: 'Tell me more' }))
    const turnReport = engine.diagnostics()?.lastTurn
    expect((turnReport?.promptTokens ?? 0) - (turnReport?.reusedTokens ?? 0)).toBe(5)

    const unknown = await core.dispatch('chat.prepare', { conversationId: 'nope', draft: '' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('applies a new context size at once by reloading, then shows where older messages fell out', async () => {
    await call('settings.update', { systemPrompt: '', contextSize: 256 })
    await statusWhere((status) => status.state === 'ready' && status.contextSize === 256)

    // Each exchange takes 97 + 9 tokens; with 64 kept for the reply only the newest fits.
    const question = (n: number) => `Question ${n}: ${'m'.repeat(80)}`
    const first = await reply(() => call('chat.send', { text: question(1) }))
    const id = first.conversationId
    await reply(() => call('chat.send', { conversationId: id, text: question(2) }))
    const view = await call('conversations.get', { id })
    const second = view.messages[2]
    expect(second?.text).toBe(question(2))
    expect(view.context).toEqual({ usedTokens: 106, contextSize: 256, firstSeenId: second?.id })
    await engine.settled()
    expect(engine.evaluatedText()).toBe(
      '<|begin_of_text|>' +
        turn('user', question(2)) +
        HEAD('assistant') +
        TEST_MODEL_REPLY +
        NEXT_TURN,
    )

    // A message larger than the context: a clear error, and no reply is generated or saved.
    const tooLong = await reply(() =>
      call('chat.send', { conversationId: id, text: 'n'.repeat(400) }),
    )
    expect(tooLong).toMatchObject({ finishReason: 'error', error: { code: 'CONTEXT_OVERFLOW' } })
    const after = await call('conversations.get', { id })
    expect(after.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ])
  })
})
