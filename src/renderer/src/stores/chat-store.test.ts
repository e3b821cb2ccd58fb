import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConversationWithMessages } from '../../../shared/contract/schemas/chat'
import { createClient } from '../transport/client'
import { deferred, FakeTransport } from '../test/fake-transport'
import { done, ok, sendOutput } from '../test/fixtures'
import { createChatStore } from './chat-store'
import { PAGE_SIZE } from './chat-page-actions'
import { stateReached } from '../test/state-reached'

/** Deltas are applied once per frame; here each frame comes at once. */
const runAtOnce = (task: () => void) => task()

function setup() {
  const transport = new FakeTransport()
  const store = createChatStore(createClient(transport), undefined, runAtOnce)
  const disconnect = store.getState().connect()
  return { transport, store, disconnect }
}

/** Texts of the messages in view, in order, prefixed by role. */
function view(store: ReturnType<typeof setup>['store']): string[] {
  const { messageIds, messages } = store.getState()
  return messageIds.map((id) => `${messages[id]?.role}:${messages[id]?.text}`)
}

function stored(text: string, activeGenerationId: string | null): ConversationWithMessages {
  return {
    conversation: {
      id: 'c1',
      title: 'Hi',
      pinned: false,
      createdAt: 1,
      updatedAt: 2,
      systemPrompt: null,
      sampling: null,
      model: null,
    },
    messages: [
      {
        id: 'u1',
        conversationId: 'c1',
        parentId: null,
        role: 'user',
        text: 'Hi',
        createdAt: 1,
        finishReason: null,
        stats: null,
      },
      {
        id: 'a1',
        conversationId: 'c1',
        parentId: null,
        role: 'assistant',
        text,
        createdAt: 2,
        finishReason: activeGenerationId ? null : 'done',
        stats: null,
      },
    ],
    hasMore: false,
    before: null,
    hasNewer: false,
    after: null,
    activeGenerationId,
  }
}

async function sendHi(ctx: ReturnType<typeof setup>) {
  ctx.transport.respond('chat.send', () => ok(sendOutput))
  await ctx.store.getState().send('Hi')
}

describe('chat-store', () => {
  afterEach(() => vi.restoreAllMocks())

  it('shows the user message and an empty streaming reply before chat.send answers', async () => {
    const ctx = setup()
    const answer = deferred<unknown>()
    ctx.transport.respond('chat.send', () => answer.promise)
    ctx.store.getState().setDraft('Hi')
    const sending = ctx.store.getState().send()
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:'])
    expect(ctx.store.getState().draft).toBe('')
    const assistantId = ctx.store.getState().messageIds[1] ?? ''
    expect(ctx.store.getState().messages[assistantId]?.streaming).toBe(true)
    expect(ctx.transport.callsTo('chat.send')).toEqual([
      { channel: 'chat.send', input: { text: 'Hi' } },
    ])

    answer.resolve(ok(sendOutput))
    await sending
    const state = ctx.store.getState()
    expect(state.messageIds).toEqual(['u1', 'a1'])
    expect(state.conversationId).toBe('c1')
    expect(state.generation).toMatchObject({ id: 'g1', assistantMessageId: 'a1', nextSeq: 0 })
  })

  it('sends the next message into the same conversation', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.transport.emit('chat.done', done())
    await ctx.store.getState().send('More')
    expect(ctx.transport.callsTo('chat.send')[1]?.input).toEqual({
      conversationId: 'c1',
      text: 'More',
    })
  })

  it('ignores blank text and a second send while a reply streams', async () => {
    const ctx = setup()
    await ctx.store.getState().send('   ')
    expect(ctx.transport.callsTo('chat.send')).toHaveLength(0)
    await sendHi(ctx)
    await ctx.store.getState().send('Again')
    expect(ctx.transport.callsTo('chat.send')).toHaveLength(1)
  })

  it('appends deltas in seq order and drops repeats', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hel' })
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 1, text: 'lo' })
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 1, text: 'lo' })
    ctx.transport.emit('chat.delta', { generationId: 'other', seq: 2, text: '!!' })
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello'])
    expect(ctx.transport.callsTo('conversations.get')).toHaveLength(0)
  })

  it('draws the deltas that arrive between two frames in one state change, at the frame', async () => {
    const transport = new FakeTransport()
    const frames: (() => void)[] = []
    const store = createChatStore(createClient(transport), undefined, (task) => frames.push(task))
    store.getState().connect()
    await sendHi({ transport, store, disconnect: () => undefined })
    let changes = 0
    store.subscribe(() => (changes += 1))
    for (const [seq, text] of ['One', ' two', ' three'].entries())
      transport.emit('chat.delta', { generationId: 'g1', seq, text })
    expect(view(store)).toEqual(['user:Hi', 'assistant:'])
    expect(frames).toHaveLength(1)
    frames.shift()?.()
    expect(view(store)).toEqual(['user:Hi', 'assistant:One two three'])
    expect(changes).toBe(1)
    // chat.done draws what is still waiting first, then ends the reply with main's text.
    transport.emit('chat.delta', { generationId: 'g1', seq: 3, text: ' four' })
    transport.emit('chat.done', done({ text: 'One two three four' }))
    expect(view(store)).toEqual(['user:Hi', 'assistant:One two three four'])
    expect(store.getState().generation).toBeNull()
  })

  it('keeps the user message object untouched while the reply streams', async () => {
    const ctx = setup()
    await sendHi(ctx)
    const user = ctx.store.getState().messages.u1
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'x' })
    expect(ctx.store.getState().messages.u1).toBe(user)
  })

  it('re-reads the conversation on a seq gap and waits for chat.done for the rest', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.transport.respond('conversations.get', () => ok(stored('Hello wor', 'g1')))
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hello' })
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 2, text: 'ld' })
    await stateReached(ctx.store, (state) => state.messages.a1?.text === 'Hello wor')
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello wor'])
    expect(ctx.transport.callsTo('conversations.get')).toEqual([
      { channel: 'conversations.get', input: { id: 'c1', limit: PAGE_SIZE } },
    ])
    expect(ctx.store.getState().messages.a1?.streaming).toBe(true)
    // The reloaded text cannot be matched to a seq: later deltas wait for chat.done.
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 3, text: '!' })
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello wor'])
    ctx.transport.emit('chat.done', done({ text: 'Hello world!' }))
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello world!'])
    expect(ctx.store.getState().generation).toBeNull()
  })

  it('re-reads the conversation after a reconnect and picks up a reply that ended meanwhile', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hel' })
    ctx.transport.respond('conversations.get', () => ok(stored('Hello, all done.', null)))
    ctx.transport.reconnect()
    await stateReached(ctx.store, (state) => state.generation === null)
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello, all done.'])
    expect(ctx.store.getState().messages.a1).toMatchObject({
      streaming: false,
      finishReason: 'done',
    })
  })

  it('sets the final text, reason and stats on chat.done', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hel' })
    ctx.transport.emit('chat.done', done())
    const state = ctx.store.getState()
    expect(state.messages.a1).toMatchObject({
      text: 'Hello there',
      finishReason: 'done',
      streaming: false,
      error: null,
      stats: { tokenCount: 3 },
    })
    expect(state.generation).toBeNull()
  })

  it('shows the error of a failed reply on that message', async () => {
    const ctx = setup()
    await sendHi(ctx)
    const error = {
      code: 'EMPTY_REPLY' as const,
      message: 'The model gave an empty reply. Try again.',
    }
    ctx.transport.emit('chat.done', done({ finishReason: 'error', text: '', stats: null, error }))
    expect(ctx.store.getState().messages.a1).toMatchObject({ finishReason: 'error', error })
  })

  it('applies deltas and done that arrive before chat.send answers', async () => {
    const ctx = setup()
    const answer = deferred<unknown>()
    ctx.transport.respond('chat.send', () => answer.promise)
    const sending = ctx.store.getState().send('Hi')
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 1, text: 'lo' })
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hel' })
    ctx.transport.emit('chat.done', done({ text: 'Hello' }))
    answer.resolve(ok(sendOutput))
    await sending
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Hello'])
    expect(ctx.store.getState().messages.a1?.finishReason).toBe('done')
    expect(ctx.store.getState().generation).toBeNull()
  })

  it('shows the error of a refused send and gives the typed text back', async () => {
    const ctx = setup()
    const message = 'No model is loaded. Set a model path first.'
    ctx.transport.respond('chat.send', () => ({ ok: false, error: { code: 'NO_MODEL', message } }))
    ctx.store.getState().setDraft('Keep me')
    await ctx.store.getState().send()
    const state = ctx.store.getState()
    expect(state.error).toBe(message)
    expect(state.draft).toBe('Keep me')
    expect(state.messageIds).toEqual([])
    expect(state.generation).toBeNull()
    state.dismissError()
    expect(ctx.store.getState().error).toBeNull()
  })

  it('stop() calls chat.stop for the running generation and shows a refusal', async () => {
    const ctx = setup()
    await ctx.store.getState().stop()
    expect(ctx.transport.callsTo('chat.stop')).toHaveLength(0)
    await sendHi(ctx)
    ctx.transport.respond('chat.stop', () => ok({ stopped: true }))
    await ctx.store.getState().stop()
    expect(ctx.transport.callsTo('chat.stop')).toEqual([
      { channel: 'chat.stop', input: { generationId: 'g1' } },
    ])
    ctx.transport.emit('chat.done', done({ finishReason: 'stopped', text: 'Hel' }))
    expect(ctx.store.getState().messages.a1).toMatchObject({ finishReason: 'stopped', text: 'Hel' })
  })

  it('open() loads a stored conversation, and reset() starts a new one', async () => {
    const ctx = setup()
    ctx.transport.respond('conversations.get', () => ok(stored('Stored reply', null)))
    await ctx.store.getState().open('c1')
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:Stored reply'])
    ctx.store.getState().reset()
    expect(ctx.store.getState()).toMatchObject({ conversationId: null, messageIds: [] })
  })

  it('stops listening after disconnect', async () => {
    const ctx = setup()
    await sendHi(ctx)
    ctx.disconnect()
    ctx.transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'x' })
    expect(view(ctx.store)).toEqual(['user:Hi', 'assistant:'])
  })
})
