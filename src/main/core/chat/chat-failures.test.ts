import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LlamaChatSession } from 'node-llama-cpp'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { EventPayload } from '../../../shared/contract/contract'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { LlamaEngine } from '../engine/llama-engine'
import { samplingFor } from '../engine/sampling'
import { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { openHistoryStore } from '../store/open-store'
import { ChatService } from './chat-service'
import { TitleMaker } from './title-maker'
import { Recorder } from '../../../../test-support/recorder'

/**
 * The chat service over the real engine on the generated model, with a failure injected at each
 * point of a reply: the reply always ends with `chat.done` carrying a typed error, the busy state
 * is released, and the next send is answered.
 */
describe('a reply that fails anywhere never wedges the chat service', () => {
  let dir: string
  let engine: LlamaEngine
  let store: HistoryStore
  let events: CoreEvents
  let chat: ChatService
  let titles: TitleMaker
  const logs = new Recorder<string>()
  const logged = logs.items
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    dir = await mkdtemp(join(tmpdir(), 'hearth-chat-failures-'))
    const opened = await openHistoryStore({ dataDir: dir })
    if (!opened.ok) throw new Error(opened.error.message)
    store = opened.value
    engine = new LlamaEngine({ threads: 1, maxContextSize: 1024, stateDir: join(dir, 'states') })
    const loaded = await engine.load(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
    if (!loaded.ok) throw new Error(loaded.error.message)
    events = new CoreEvents()
    const log = (message: string) => logs.push(message)
    titles = new TitleMaker(engine, store, events, log)
    chat = new ChatService({
      engine,
      events,
      store,
      settings: () => DEFAULT_SETTINGS,
      sampling: () => ({ ...samplingFor('model-card'), maxTokens: 32, seed: 9 }),
      titles,
      batchIntervalMs: 5,
      persistIntervalMs: 20,
      log,
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    expect(unhandled).toEqual([])
  })
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await chat.stopAll()
    await engine.dispose()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const nextDone = () =>
    new Promise<EventPayload<'chat.done'>>((resolve) => {
      const stop = events.on('chat.done', (done) => {
        stop()
        resolve(done)
      })
    })

  async function send(text: string, conversationId?: string) {
    const done = nextDone()
    const sent = chat.send({ text, ...(conversationId === undefined ? {} : { conversationId }) })
    if (!sent.ok) throw new Error(`send refused: ${sent.error.code} ${sent.error.message}`)
    return { sent: sent.value, done: await done }
  }

  /** The service is free again: a new send is accepted and answered. */
  async function answersNext() {
    const { done } = await send('Are you there?')
    expect(done).toMatchObject({ finishReason: 'done', text: TEST_MODEL_REPLY, error: null })
  }

  it('the engine throws while setting the chat history', async () => {
    vi.spyOn(LlamaChatSession.prototype, 'setChatHistory').mockImplementationOnce(() => {
      throw new Error('history rejected')
    })
    const { done } = await send('Hello')
    expect(done).toMatchObject({ finishReason: 'error', error: { code: 'GENERATION_FAILED' } })
    await answersNext()
  })

  it('the engine throws before it returns a promise, or its promise rejects', async () => {
    vi.spyOn(engine, 'generate')
      .mockImplementationOnce(() => {
        throw new Error('synchronous bug')
      })
      .mockRejectedValueOnce(new Error('rejected bug'))
    for (const message of ['synchronous bug', 'rejected bug']) {
      const { done } = await send('Hello')
      expect(done).toMatchObject({
        finishReason: 'error',
        error: { code: 'GENERATION_FAILED', message: expect.stringContaining(message) },
      })
    }
    await answersNext()
  })

  it('the persister throws on the first chunk', async () => {
    vi.spyOn(store, 'beginReply').mockImplementationOnce(() => {
      throw new Error('database on fire')
    })
    const { done } = await send('Hello')
    expect(done).toMatchObject({ finishReason: 'error', error: { code: 'INTERNAL' } })
    await answersNext()
  })

  it('the persister throws while saving the end of the reply', async () => {
    vi.spyOn(store, 'finishReply').mockImplementationOnce(() => {
      throw new Error('database on fire')
    })
    const { done } = await send('Hello')
    expect(done).toMatchObject({ text: TEST_MODEL_REPLY, error: { code: 'INTERNAL' } })
    expect(logged).toContain('Saving the end of a reply failed')
    await answersNext()
  })

  it('a chat.delta listener throws', async () => {
    const stop = events.on('chat.delta', () => {
      throw new Error('listener bug')
    })
    const { done } = await send('Hello')
    stop()
    expect(done).toMatchObject({ finishReason: 'error', error: { code: 'INTERNAL' } })
    await answersNext()
  })

  it('the title maker fails: the provisional title stays, nothing is left unhandled', async () => {
    const generate = engine.generate.bind(engine)
    const titleAsked = new Promise<void>((resolve) => {
      vi.spyOn(engine, 'generate').mockImplementation((request) => {
        if (request.sideJob !== true) return generate(request)
        resolve()
        return Promise.reject(new Error('title bug'))
      })
    })
    const { sent } = await send('Name this conversation')
    await titleAsked
    await logs.reached((message) => message === 'Titling a conversation failed')
    expect(store.getConversation(sent.conversationId, { limit: 1 })).toMatchObject({
      ok: true,
      value: { conversation: { title: 'Name this conversation' } },
    })
    await answersNext()
  })

  it('a title that fails inside the real engine leaves the conversation answering', async () => {
    const original = LlamaChatSession.prototype.setChatHistory
    // The reply's call goes through; the next one, the title's, throws (and says it did).
    let titleFailed: () => void = () => undefined
    const titleTried = new Promise<void>((resolve) => {
      titleFailed = resolve
    })
    vi.spyOn(LlamaChatSession.prototype, 'setChatHistory')
      .mockImplementationOnce(function (this: LlamaChatSession, history) {
        original.call(this, history)
      })
      .mockImplementationOnce(() => {
        titleFailed()
        throw new Error('title history rejected')
      })
    const { sent } = await send('Another new conversation')
    await titleTried
    const { done } = await send('Still answering?', sent.conversationId)
    expect(done).toMatchObject({ finishReason: 'done', text: TEST_MODEL_REPLY, error: null })
  })
})
