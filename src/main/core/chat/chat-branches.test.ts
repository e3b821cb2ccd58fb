import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../shared/contract/contract'
import { SAMPLING_PRESET_VALUES } from '../../../shared/contract/schemas/sampling'
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/schemas/settings'
import type { ChatTurn, GenerateRequest } from '../engine/engine'
import { ScriptedEngine } from '../../../../test-support/scripted-engine'
import { CoreEvents } from '../events'
import { branchHandlers } from '../rpc/branch-handlers'
import { openHistoryStore } from '../store/open-store'
import { ChatService } from './chat-service'

// Edit, regenerate, branch switching, message delete with undo and per-conversation settings
// through the chat service and its channels, on the SQLite store. The scripted engine answers
// exact text and lets the test see each request; llama-chat.test.ts runs the real engine.

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function setup(settings: Partial<Settings> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-branches-'))
  const opened = await openHistoryStore({ dataDir: dir })
  if (!opened.ok) throw new Error(opened.error.message)
  const store = opened.value
  cleanups.push(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  const requests: GenerateRequest[] = []
  let count = 0
  const engine = new ScriptedEngine({ reply: (history) => `answer ${++count} to ${last(history)}` })
  const generate = engine.generate.bind(engine)
  engine.generate = (request) => {
    requests.push(request)
    return generate(request)
  }
  await engine.load('/models/scripted.gguf')
  const events = new CoreEvents()
  const chat = new ChatService({
    engine,
    events,
    store,
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    batchIntervalMs: 5,
    persistIntervalMs: 20,
  })
  const expire: (() => void)[] = []
  const handlers = branchHandlers({ store, chat, events, schedule: (task) => expire.push(task) })
  const ask = async (start: () => { ok: boolean }) => {
    const finished = new Promise<EventPayload<'chat.done'>>((resolve) => {
      const off = events.on('chat.done', (done) => {
        off()
        resolve(done)
      })
    })
    const started = start()
    if (!started.ok) throw new Error(`refused: ${JSON.stringify(started)}`)
    return finished
  }
  return { chat, store, handlers, requests, ask, expire }
}

function last(history: readonly ChatTurn[]): string {
  return history.at(-1)?.text ?? ''
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('edit and branches', () => {
  it('edits a message into a new branch, keeps the old one, and switches between them', async () => {
    const { chat, ask, requests } = await setup()
    const first = await ask(() => chat.send({ text: 'Plan a trip' }))
    const id = first.conversationId
    await ask(() => chat.send({ conversationId: id, text: 'To Lisbon' }))
    const before = value(chat.getConversation({ id }))
    const original = before.messages[2]
    if (!original) throw new Error('no second question')

    await ask(() => chat.edit({ messageId: original.id, text: 'To Porto' }))
    const edited = value(chat.getConversation({ id }))
    expect(edited.messages.map((m) => m.text)).toEqual([
      'Plan a trip',
      'answer 1 to Plan a trip',
      'To Porto',
      'answer 3 to To Porto',
    ])
    // The model saw the edited question after the first exchange, never the original one.
    expect(requests.at(-1)?.history.map((turn) => turn.text)).toEqual([
      'Plan a trip',
      'answer 1 to Plan a trip',
      'To Porto',
    ])
    const editedId = edited.messages[2]?.id ?? ''
    expect(edited.branches).toEqual({ [editedId]: [original.id, editedId] })

    const back = value(chat.switchBranch(original.id))
    expect(back.messages.map((m) => m.text)).toEqual([
      'Plan a trip',
      'answer 1 to Plan a trip',
      'To Lisbon',
      'answer 2 to To Lisbon',
    ])
    expect(back.branches).toEqual({ [original.id]: [original.id, editedId] })
    // The next message continues the branch on screen.
    await ask(() => chat.send({ conversationId: id, text: 'And back' }))
    expect(requests.at(-1)?.history.map((turn) => turn.text)).toContain('To Lisbon')
  })

  it('keeps each regenerated reply as an alternative of the same question', async () => {
    const { chat, ask } = await setup()
    const first = await ask(() => chat.send({ text: 'Name a colour' }))
    await ask(() => chat.regenerate(first.assistantMessageId))
    const third = await ask(() => chat.regenerate(first.assistantMessageId))
    const view = value(chat.getConversation({ id: first.conversationId }))
    expect(view.messages.map((m) => m.text)).toEqual(['Name a colour', 'answer 3 to Name a colour'])
    expect(view.branches?.[third.assistantMessageId]).toHaveLength(3)
    const switched = value(chat.switchBranch(first.assistantMessageId))
    expect(switched.messages.at(-1)?.text).toBe('answer 1 to Name a colour')
  })

  it('deletes a message and what followed, and brings it back with undo until the window ends', async () => {
    const { chat, ask, handlers, expire } = await setup()
    const first = await ask(() => chat.send({ text: 'One' }))
    const id = first.conversationId
    const second = await ask(() => chat.send({ conversationId: id, text: 'Two' }))
    const view = value(chat.getConversation({ id }))
    const deleted = value(
      await handlers['conversations.deleteMessage']({ messageId: view.messages[2]?.id ?? '' }),
    )
    expect(deleted).toMatchObject({ conversationId: id, deleted: 2 })
    expect(value(chat.getConversation({ id })).messages.map((m) => m.text)).toEqual([
      'One',
      'answer 1 to One',
    ])
    const restored = await handlers['conversations.restoreMessages']({ undoId: deleted.undoId })
    expect(restored).toEqual({ ok: true, value: { conversationId: id, restored: 2 } })
    expect(value(chat.getConversation({ id })).messages.at(-1)?.id).toBe(second.assistantMessageId)

    const again = value(
      await handlers['conversations.deleteMessage']({ messageId: second.assistantMessageId }),
    )
    for (const task of expire.splice(0)) task()
    expect(await handlers['conversations.restoreMessages']({ undoId: again.undoId })).toMatchObject(
      { ok: false, error: { code: 'NOT_FOUND' } },
    )
  })
})

describe('per-conversation settings', () => {
  it("uses a conversation's own system prompt and sampling over the app's, and records them", async () => {
    const { chat, ask, handlers, requests, store } = await setup({
      systemPrompt: 'App prompt.',
      samplingPreset: 'llama3',
    })
    const own = await ask(() => chat.send({ text: 'Hi' }))
    const other = await ask(() => chat.send({ text: 'Hello' }))
    value(
      await handlers['conversations.updateSettings']({
        id: own.conversationId,
        systemPrompt: 'You are a pirate.',
        sampling: { values: { temperature: 0.2, seed: 42, minP: 0.05 }, name: 'Careful' },
      }),
    )
    const pirate = await ask(() => chat.send({ conversationId: own.conversationId, text: 'Ahoy?' }))
    expect(requests.at(-1)).toMatchObject({
      systemPrompt: 'You are a pirate.',
      sampling: { temperature: 0.2, topP: 0.9, seed: 42, minP: 0.05 },
    })
    await ask(() => chat.send({ conversationId: other.conversationId, text: 'And you?' }))
    expect(requests.at(-1)).toMatchObject({
      systemPrompt: 'App prompt.',
      sampling: { temperature: 0.6 },
    })

    expect(value(store.getMessage(pirate.assistantMessageId)).generation).toEqual({
      model: 'Scripted engine',
      systemPrompt: 'You are a pirate.',
      sampling: { ...SAMPLING_PRESET_VALUES.llama3, temperature: 0.2, seed: 42, minP: 0.05 },
      samplingName: 'Careful',
      source: 'conversation',
      // The scripted engine counts no tokens, so there is no meter.
      context: null,
    })

    // Back to the app's settings.
    value(
      await handlers['conversations.updateSettings']({
        id: own.conversationId,
        systemPrompt: null,
        sampling: null,
      }),
    )
    await ask(() => chat.send({ conversationId: own.conversationId, text: 'Plain now?' }))
    expect(requests.at(-1)).toMatchObject({ systemPrompt: 'App prompt.' })
  })
})
