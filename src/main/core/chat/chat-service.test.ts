import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY, type TestModelVariant } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { EventPayload } from '../../../shared/contract/contract'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { LlamaEngine } from '../engine/llama-engine'
import { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { openHistoryStore } from '../store/open-store'
import { ChatService } from './chat-service'
import { TitleMaker, cleanTitle } from './title-maker'
import { Recorder } from '../../../../test-support/recorder'

// ChatService on the real node-llama-cpp and the generated model ("Hello from Hearth." from the
// `reply` variant, an answer that never ends from `endless`, none from `silent`) over a real SQLite
// history.

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function setup(model: TestModelVariant | 'none' = 'reply', { titles = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-chat-'))
  const opened = await openHistoryStore({ dataDir: dir })
  if (!opened.ok) throw new Error(opened.error.message)
  const store: HistoryStore = opened.value
  const engine = new LlamaEngine({ threads: 1 })
  cleanups.push(async () => {
    await engine.dispose()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  if (model !== 'none') {
    const loaded = await engine.load(await ensureTestModel({ variant: model }))
    if (!loaded.ok) throw new Error(loaded.error.message)
  }
  const events = new CoreEvents()
  const chat = new ChatService({
    engine,
    events,
    store,
    settings: () => DEFAULT_SETTINGS,
    batchIntervalMs: 5,
    persistIntervalMs: 20,
    ...(titles ? { titles: new TitleMaker(engine, store, events) } : {}),
  })
  const deltas = new Recorder<EventPayload<'chat.delta'>>()
  events.on('chat.delta', deltas.push)
  const done = () =>
    new Promise<EventPayload<'chat.done'>>((resolve) => events.on('chat.done', resolve))
  /** Resolves once the `seq`th batch of `generationId` has been sent. */
  const delta = (generationId: string, seq: number) =>
    deltas.reached((d) => d.generationId === generationId && d.seq === seq)
  return { chat, deltas: deltas.items, delta, done, store, events, engine }
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('ChatService on the real engine over the SQLite history store', () => {
  it('returns ids at once, streams deltas in order and saves the reply before chat.done', async () => {
    const { chat, deltas, done, store } = await setup()
    const finished = done()
    const sent = value(chat.send({ text: 'Count for me' }))
    const final = await finished
    expect(final).toMatchObject({
      generationId: sent.generationId,
      finishReason: 'done',
      text: TEST_MODEL_REPLY,
      error: null,
    })
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_d, index) => index))
    expect(deltas.map((d) => d.text).join('')).toBe(TEST_MODEL_REPLY)
    // chat.done comes after the save: the store already has the whole reply.
    expect(value(store.getMessage(sent.assistantMessageId))).toMatchObject({
      text: TEST_MODEL_REPLY,
      finishReason: 'done',
    })
    const conversation = value(chat.getConversation({ id: sent.conversationId }))
    expect(conversation.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Count for me'],
      ['assistant', TEST_MODEL_REPLY],
    ])
    expect(conversation.conversation.title).toBe('Count for me')
  })

  it('saves a streaming reply as it goes, so a crash mid-reply leaves the text there', async () => {
    const { chat, delta, done, store } = await setup('endless')
    const finished = done()
    const sent = value(chat.send({ text: 'Stream on' }))
    // The first chunk is saved as it arrives, before the second batch goes out.
    await delta(sent.generationId, 1)
    const midway = value(store.getMessage(sent.assistantMessageId))
    expect(midway.finishReason).toBeNull()
    expect(midway.text.length).toBeGreaterThan(0)
    chat.stop(sent.generationId)
    await finished
  })

  it('saves nothing of a reply while persistence is switched off, and saves again once it is on', async () => {
    const { chat, done, store } = await setup()
    chat.setPersistence(false)
    let finished = done()
    const unsaved = value(chat.send({ text: 'Not kept' }))
    expect((await finished).text).toBe(TEST_MODEL_REPLY)
    expect(store.getMessage(unsaved.assistantMessageId)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    chat.setPersistence(true)
    finished = done()
    const saved = value(chat.send({ conversationId: unsaved.conversationId, text: 'Kept' }))
    await finished
    expect(value(store.getMessage(saved.assistantMessageId))).toMatchObject({
      text: TEST_MODEL_REPLY,
      finishReason: 'done',
    })
  })

  it('stops a reply mid-stream, saves it as stopped, and continues it later', async () => {
    const { chat, delta, done } = await setup('endless')
    let finished = done()
    const sent = value(chat.send({ text: 'Go on forever' }))
    expect(chat.send({ text: 'again' })).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    await delta(sent.generationId, 2)
    expect(chat.stop(sent.generationId)).toEqual({ ok: true, value: { stopped: true } })
    const stopped = await finished
    expect(stopped.finishReason).toBe('stopped')
    expect(stopped.text.length).toBeGreaterThan(0)

    finished = done()
    const continued = value(chat.continue(sent.assistantMessageId))
    expect(continued.assistantMessageId).toBe(sent.assistantMessageId)
    await delta(continued.generationId, 2)
    chat.stop(continued.generationId)
    const final = await finished
    expect(final.text.startsWith(stopped.text)).toBe(true)
    expect(final.text.length).toBeGreaterThan(stopped.text.length)
    const messages = value(chat.getConversation({ id: sent.conversationId })).messages
    expect(messages).toHaveLength(2)
    expect(messages[1]?.text).toBe(final.text)
  })

  it('regenerates a reply as a new branch and shows that branch, keeping the first', async () => {
    const { chat, done, store } = await setup()
    let finished = done()
    const first = value(chat.send({ text: 'Question' }))
    await finished
    finished = done()
    const second = value(chat.regenerate(first.assistantMessageId))
    await finished
    const view = value(chat.getConversation({ id: first.conversationId })).messages
    expect(view.map((m) => m.id)).toEqual([first.userMessageId, second.assistantMessageId])
    expect(value(store.getMessage(second.assistantMessageId))).toMatchObject({
      parentId: first.userMessageId,
      text: TEST_MODEL_REPLY,
    })
    expect(value(store.getMessage(first.assistantMessageId)).text).toBe(TEST_MODEL_REPLY)
  })

  it('continues the same conversation with the earlier turns in the prompt', async () => {
    const { chat, done, engine } = await setup()
    let finished = done()
    const first = value(chat.send({ text: 'one' }))
    await finished
    finished = done()
    chat.send({ conversationId: first.conversationId, text: 'two' })
    await finished
    const prompt = engine.evaluatedText() ?? ''
    const turn = (role: string, text: string) =>
      `<|start_header_id|>${role}<|end_header_id|>\n\n${text}<|eot_id|>`
    expect(prompt).toContain(
      turn('user', 'one') + turn('assistant', TEST_MODEL_REPLY) + turn('user', 'two'),
    )
  })

  it('titles a new conversation from the model after the first exchange', async () => {
    const { chat, done, store, events } = await setup('reply', { titles: true })
    const changed = new Promise<void>((resolve) => {
      events.on('conversations.changed', () => {
        if (store.listConversations()[0]?.title === 'Hello from Hearth') resolve()
      })
    })
    const finished = done()
    value(chat.send({ text: 'Why are fires warm?' }))
    await finished
    await changed
    expect(store.listConversations()[0]?.title).toBe('Hello from Hearth')
    expect(cleanTitle('Title: "A Day Out".\nmore')).toBe('A Day Out')
    expect(cleanTitle('   ')).toBeNull()
  })

  it('refuses with a clear message when no model is loaded or the conversation is unknown', async () => {
    const { chat } = await setup('none')
    expect(chat.send({ text: 'hi' })).toMatchObject({ ok: false, error: { code: 'NO_MODEL' } })
    const loaded = await setup()
    expect(loaded.chat.send({ conversationId: 'nope', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })

  it('reports an empty reply as an error and does not save it', async () => {
    // The `silent` model ends its reply before the first token.
    const { chat, done } = await setup('silent')
    const finished = done()
    const sent = value(chat.send({ text: 'Say nothing' }))
    expect(await finished).toMatchObject({ finishReason: 'error', error: { code: 'EMPTY_REPLY' } })
    expect(
      value(chat.getConversation({ id: sent.conversationId })).messages.map((m) => m.role),
    ).toEqual(['user'])
  })
})
