import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../shared/contract/contract'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { ScriptedEngine, type ScriptedEngineOptions } from '../engine/scripted-engine'
import { CoreEvents } from '../events'
import type { HistoryStore } from '../store/history-store'
import { openHistoryStore } from '../store/open-store'
import { ChatService } from './chat-service'
import { TitleMaker, cleanTitle } from './title-maker'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function setup(options: ScriptedEngineOptions = {}, { load = true, titles = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-chat-'))
  const opened = await openHistoryStore({ dataDir: dir })
  if (!opened.ok) throw new Error(opened.error.message)
  const store: HistoryStore = opened.value
  cleanups.push(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  const engine = new ScriptedEngine(options)
  if (load) await engine.load('/models/scripted.gguf')
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
  const deltas: EventPayload<'chat.delta'>[] = []
  events.on('chat.delta', (delta) => deltas.push(delta))
  const done = () =>
    new Promise<EventPayload<'chat.done'>>((resolve) => events.on('chat.done', resolve))
  return { chat, deltas, done, store, events, dir }
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('ChatService over the SQLite history store', () => {
  it('returns ids at once, streams deltas in order and saves the reply before chat.done', async () => {
    const { chat, deltas, done, store } = await setup({
      reply: () => 'One two three four five',
      chunkDelayMs: 2,
    })
    const finished = done()
    const sent = value(chat.send({ text: 'Count for me' }))
    const final = await finished
    expect(final).toMatchObject({
      generationId: sent.generationId,
      finishReason: 'done',
      text: 'One two three four five',
      error: null,
    })
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_d, index) => index))
    expect(deltas.map((d) => d.text).join('')).toBe('One two three four five')
    // chat.done comes after the save: the store already has the whole reply.
    expect(value(store.getMessage(sent.assistantMessageId))).toMatchObject({
      text: 'One two three four five',
      finishReason: 'done',
    })
    const conversation = value(chat.getConversation({ id: sent.conversationId }))
    expect(conversation.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Count for me'],
      ['assistant', 'One two three four five'],
    ])
    expect(conversation.conversation.title).toBe('Count for me')
  })

  it('saves a streaming reply as it goes, so a crash mid-reply leaves the text there', async () => {
    const { chat, done, store } = await setup({ reply: () => 'abcd'.repeat(200), chunkDelayMs: 2 })
    const finished = done()
    const sent = value(chat.send({ text: 'Stream slowly' }))
    await new Promise((resolve) => setTimeout(resolve, 120))
    const midway = value(store.getMessage(sent.assistantMessageId))
    expect(midway.finishReason).toBeNull()
    expect(midway.text.length).toBeGreaterThan(0)
    chat.stop(sent.generationId)
    await finished
  })

  it('saves nothing of a reply while persistence is switched off, and saves again once it is on', async () => {
    const { chat, done, store } = await setup({ reply: () => 'abcd'.repeat(50), chunkDelayMs: 1 })
    chat.setPersistence(false)
    let finished = done()
    const unsaved = value(chat.send({ text: 'Not kept' }))
    expect((await finished).text).toBe('abcd'.repeat(50))
    expect(store.getMessage(unsaved.assistantMessageId)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    chat.setPersistence(true)
    finished = done()
    const saved = value(chat.send({ conversationId: unsaved.conversationId, text: 'Kept' }))
    await finished
    expect(value(store.getMessage(saved.assistantMessageId))).toMatchObject({
      text: 'abcd'.repeat(50),
      finishReason: 'done',
    })
  })

  it('stops a reply mid-stream, saves it as stopped, and continues it later', async () => {
    const { chat, done } = await setup({ reply: () => 'x'.repeat(4000), chunkDelayMs: 2 })
    let finished = done()
    const sent = value(chat.send({ text: 'Go on forever' }))
    expect(chat.send({ text: 'again' })).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(chat.stop(sent.generationId)).toEqual({ ok: true, value: { stopped: true } })
    const stopped = await finished
    expect(stopped.finishReason).toBe('stopped')
    expect(stopped.text.length).toBeGreaterThan(0)
    expect(stopped.text.length).toBeLessThan(4000)

    finished = done()
    const continued = value(chat.continue(sent.assistantMessageId))
    expect(continued.assistantMessageId).toBe(sent.assistantMessageId)
    const final = await finished
    expect(final.text.startsWith(stopped.text)).toBe(true)
    expect(final.text.length).toBeGreaterThan(stopped.text.length)
    const messages = value(chat.getConversation({ id: sent.conversationId })).messages
    expect(messages).toHaveLength(2)
    expect(messages[1]?.text).toBe(final.text)
  })

  it('regenerates a reply as a new branch and shows that branch', async () => {
    let count = 0
    const { chat, done, store } = await setup({ reply: () => `answer ${++count}` })
    let finished = done()
    const first = value(chat.send({ text: 'Question' }))
    await finished
    finished = done()
    const second = value(chat.regenerate(first.assistantMessageId))
    await finished
    const view = value(chat.getConversation({ id: first.conversationId })).messages
    expect(view.map((m) => m.text)).toEqual(['Question', 'answer 2'])
    expect(value(store.getMessage(second.assistantMessageId)).parentId).toBe(first.userMessageId)
    // The first answer is kept in the store.
    expect(value(store.getMessage(first.assistantMessageId)).text).toBe('answer 1')
  })

  it('reports an empty reply as an error and does not save it', async () => {
    const { chat, done } = await setup({ reply: () => '' })
    const finished = done()
    const sent = value(chat.send({ text: 'Say nothing' }))
    expect(await finished).toMatchObject({ finishReason: 'error', error: { code: 'EMPTY_REPLY' } })
    expect(
      value(chat.getConversation({ id: sent.conversationId })).messages.map((m) => m.role),
    ).toEqual(['user'])
  })

  it('continues the same conversation with the earlier turns as history', async () => {
    const seen: number[] = []
    const { chat, done } = await setup({ reply: (history) => (seen.push(history.length), 'ok') })
    let finished = done()
    const first = value(chat.send({ text: 'one' }))
    await finished
    finished = done()
    chat.send({ conversationId: first.conversationId, text: 'two' })
    await finished
    expect(seen).toEqual([1, 3])
  })

  it('titles a new conversation from the model after the first exchange, unless the user renamed it', async () => {
    const { chat, done, store, events } = await setup(
      {
        reply: (history) =>
          history.at(-1)?.text.startsWith('Write a title')
            ? '"Warm Fires Explained."'
            : 'Fires are warm.',
      },
      { titles: true },
    )
    const changed = new Promise<void>((resolve) => {
      events.on('conversations.changed', () => {
        if (store.listConversations()[0]?.title === 'Warm Fires Explained') resolve()
      })
    })
    const finished = done()
    value(chat.send({ text: 'Why are fires warm?' }))
    await finished
    await changed
    expect(store.listConversations()[0]?.title).toBe('Warm Fires Explained')
    expect(cleanTitle('Title: "A Day Out".\nmore')).toBe('A Day Out')
    expect(cleanTitle('   ')).toBeNull()
  })

  it('refuses with a clear message when no model is loaded or the conversation is unknown', async () => {
    const { chat } = await setup({}, { load: false })
    expect(chat.send({ text: 'hi' })).toMatchObject({ ok: false, error: { code: 'NO_MODEL' } })
    const loaded = await setup()
    expect(loaded.chat.send({ conversationId: 'nope', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})
