import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { EventPayload } from '../../../shared/contract/contract'
import { SAMPLING_PRESET_VALUES } from '../../../shared/contract/schemas/sampling'
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/schemas/settings'
import type { GenerateRequest } from '../engine/engine'
import { LlamaEngine } from '../engine/llama-engine'
import { CoreEvents } from '../events'
import { branchHandlers } from '../rpc/branch-handlers'
import { openHistoryStore } from '../store/open-store'
import { ChatService } from './chat-service'

// Edit, regenerate, branch switching, message delete with undo and per-conversation settings
// through the chat service and its channels, on the SQLite store and the real node-llama-cpp with
// the generated model. Every reply is TEST_MODEL_REPLY, so replies are told apart by their ids;
// the questions differ, and each request the engine got is recorded on its way in.

let engine: LlamaEngine
const requests: GenerateRequest[] = []

beforeAll(async () => {
  engine = new LlamaEngine({ threads: 1 })
  const loaded = await engine.load(await ensureTestModel({ variant: 'reply', preset: 'tiny' }))
  if (!loaded.ok) throw new Error(loaded.error.message)
  const generate = engine.generate.bind(engine)
  engine.generate = (request) => {
    requests.push(request)
    return generate(request)
  }
})
afterAll(async () => {
  await engine.dispose()
})

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
  requests.length = 0
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
      TEST_MODEL_REPLY,
      'To Porto',
      TEST_MODEL_REPLY,
    ])
    expect(edited.messages.slice(0, 2)).toEqual(before.messages.slice(0, 2))
    // The model saw the edited question after the first exchange, never the original one.
    expect(requests.at(-1)?.history.map((turn) => turn.text)).toEqual([
      'Plan a trip',
      TEST_MODEL_REPLY,
      'To Porto',
    ])
    const editedId = edited.messages[2]?.id ?? ''
    expect(edited.branches).toEqual({ [editedId]: [original.id, editedId] })

    const back = value(chat.switchBranch(original.id))
    expect(back.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id))
    expect(back.messages.map((m) => m.text)).toEqual([
      'Plan a trip',
      TEST_MODEL_REPLY,
      'To Lisbon',
      TEST_MODEL_REPLY,
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
    expect(view.messages.map((m) => m.text)).toEqual(['Name a colour', TEST_MODEL_REPLY])
    expect(view.messages.at(-1)?.id).toBe(third.assistantMessageId)
    expect(view.branches?.[third.assistantMessageId]).toHaveLength(3)
    const switched = value(chat.switchBranch(first.assistantMessageId))
    expect(switched.messages.at(-1)?.id).toBe(first.assistantMessageId)
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
    expect(value(chat.getConversation({ id })).messages.map((m) => m.id)).toEqual([
      view.messages[0]?.id,
      first.assistantMessageId,
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

    expect(pirate).toMatchObject({ finishReason: 'done', text: TEST_MODEL_REPLY })
    expect(value(store.getMessage(pirate.assistantMessageId)).generation).toMatchObject({
      model: 'Hearth Test Model reply tiny',
      systemPrompt: 'You are a pirate.',
      sampling: { ...SAMPLING_PRESET_VALUES.llama3, temperature: 0.2, seed: 42, minP: 0.05 },
      samplingName: 'Careful',
      source: 'conversation',
      context: { firstSeenId: null, replyTokens: 4 },
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
