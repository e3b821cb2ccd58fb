import { describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../shared/contract/contract'
import { DEFAULT_SETTINGS } from '../../../shared/contract/schemas/settings'
import { ScriptedEngine, type ScriptedEngineOptions } from '../engine/scripted-engine'
import { CoreEvents } from '../events'
import { ChatService } from './chat-service'
import { InMemoryHistory } from './history'

async function setup(options: ScriptedEngineOptions = {}, load = true) {
  const engine = new ScriptedEngine(options)
  if (load) await engine.load('/models/scripted.gguf')
  const events = new CoreEvents()
  const history = new InMemoryHistory()
  const chat = new ChatService({
    engine,
    events,
    history,
    settings: () => DEFAULT_SETTINGS,
    batchIntervalMs: 5,
  })
  const deltas: EventPayload<'chat.delta'>[] = []
  events.on('chat.delta', (delta) => deltas.push(delta))
  const done = () =>
    new Promise<EventPayload<'chat.done'>>((resolve) => events.on('chat.done', resolve))
  return { chat, deltas, done, history }
}

describe('ChatService', () => {
  it('returns ids at once, streams deltas in order and ends with chat.done after saving the reply', async () => {
    const { chat, deltas, done } = await setup({
      reply: () => 'One two three four five',
      chunkDelayMs: 2,
    })
    const finished = done()
    const sent = chat.send({ text: 'Count for me' })
    if (!sent.ok) throw new Error(sent.error.message)
    const final = await finished
    expect(final).toMatchObject({
      generationId: sent.value.generationId,
      finishReason: 'done',
      text: 'One two three four five',
      error: null,
    })
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_d, index) => index))
    expect(deltas.map((d) => d.text).join('')).toBe('One two three four five')
    const conversation = chat.getConversation(sent.value.conversationId)
    if (!conversation.ok) throw new Error(conversation.error.message)
    expect(conversation.value.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Count for me'],
      ['assistant', 'One two three four five'],
    ])
    expect(conversation.value.activeGenerationId).toBeNull()
  })

  it('stops a reply mid-stream and saves what was written as stopped', async () => {
    const { chat, done } = await setup({ reply: () => 'x'.repeat(4000), chunkDelayMs: 2 })
    const finished = done()
    const sent = chat.send({ text: 'Go on forever' })
    if (!sent.ok) throw new Error(sent.error.message)
    expect(chat.send({ text: 'again' })).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(chat.stop(sent.value.generationId)).toEqual({ ok: true, value: { stopped: true } })
    const final = await finished
    expect(final.finishReason).toBe('stopped')
    expect(final.text.length).toBeGreaterThan(0)
    expect(final.text.length).toBeLessThan(4000)
    expect(chat.stop(sent.value.generationId)).toEqual({ ok: true, value: { stopped: false } })
  })

  it('reports an empty reply as an error and does not save it', async () => {
    const { chat, done } = await setup({ reply: () => '' })
    const finished = done()
    const sent = chat.send({ text: 'Say nothing' })
    if (!sent.ok) throw new Error(sent.error.message)
    const final = await finished
    expect(final).toMatchObject({ finishReason: 'error', error: { code: 'EMPTY_REPLY' } })
    const conversation = chat.getConversation(sent.value.conversationId)
    expect(conversation.ok && conversation.value.messages.map((m) => m.role)).toEqual(['user'])
  })

  it('continues the same conversation with the earlier turns as history', async () => {
    const seen: number[] = []
    const { chat, done } = await setup({ reply: (history) => (seen.push(history.length), 'ok') })
    let finished = done()
    const first = chat.send({ text: 'one' })
    if (!first.ok) throw new Error(first.error.message)
    await finished
    finished = done()
    chat.send({ conversationId: first.value.conversationId, text: 'two' })
    await finished
    expect(seen).toEqual([1, 3])
  })

  it('refuses with a clear message when no model is loaded or the conversation is unknown', async () => {
    const { chat } = await setup({}, false)
    expect(chat.send({ text: 'hi' })).toMatchObject({ ok: false, error: { code: 'NO_MODEL' } })
    const loaded = await setup()
    expect(loaded.chat.send({ conversationId: 'nope', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})
