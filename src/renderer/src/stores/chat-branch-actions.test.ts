import { describe, expect, it } from 'vitest'
import type { ConversationWithMessages } from '../../../shared/contract/schemas/chat'
import { conversation, message } from '../test/conversations'
import { FakeTransport } from '../test/fake-transport'
import { done, ok } from '../test/fixtures'
import { createClient } from '../transport/client'
import { createChatStore, type ChatState } from './chat-store'
import type { StoreApi } from 'zustand/vanilla'
import { stateReached } from '../test/state-reached'
import { PREPARE_PAUSE_MS } from './reply-preparer'

/** Two exchanges; u2 has an alternative (u2b), and the latest reply recorded its context. */
function twoExchanges(overrides: Partial<ConversationWithMessages> = {}): ConversationWithMessages {
  return {
    conversation: conversation('c1'),
    messages: [
      message('u1', 'user', 'Plan a trip', null),
      message('a1', 'assistant', 'Where to?', 'u1'),
      message('u2', 'user', 'To Lisbon', 'a1'),
      message('a2', 'assistant', 'Lisbon it is', 'u2'),
    ],
    hasMore: false,
    before: null,
    hasNewer: false,
    after: null,
    activeGenerationId: null,
    branches: { u2: ['u2', 'u2b'] },
    context: { usedTokens: 120, contextSize: 256, firstSeenId: 'u2' },
    ...overrides,
  }
}

async function setup(data = twoExchanges()) {
  const transport = new FakeTransport().respond('conversations.get', () => ok(data))
  const timers: { task: () => void; ms: number }[] = []
  const store: StoreApi<ChatState> = createChatStore(createClient(transport), (task, ms) => {
    timers.push({ task, ms })
    return () => undefined
  })
  store.getState().connect()
  await store.getState().open('c1')
  return { transport, store, timers }
}

const texts = (store: StoreApi<ChatState>) =>
  store.getState().messageIds.map((id) => store.getState().messages[id]?.text)

describe('chat store: edit, branches, delete and settings', () => {
  it('takes alternatives, the context and the conversation from main', async () => {
    const { store } = await setup()
    expect(store.getState()).toMatchObject({
      branches: { u2: ['u2', 'u2b'] },
      context: { firstSeenId: 'u2', usedTokens: 120 },
      conversation: { id: 'c1' },
    })
  })

  it('shows an edit in place of the message and what followed, then takes main’s ids', async () => {
    const { store, transport } = await setup()
    store.getState().setDraft('half-typed')
    transport.respond('chat.edit', () =>
      ok({
        conversationId: 'c1',
        userMessageId: 'u3',
        assistantMessageId: 'a3',
        generationId: 'g3',
      }),
    )
    const editing = store.getState().edit('u2', 'To Porto')
    expect(texts(store)).toEqual(['Plan a trip', 'Where to?', 'To Porto', ''])
    // The divider marked a message that left the view.
    expect(store.getState().context).toBeNull()
    await editing
    expect(store.getState().messageIds).toEqual(['u1', 'a1', 'u3', 'a3'])
    expect(store.getState()).toMatchObject({ draft: 'half-typed', editingId: null })
    expect(transport.callsTo('chat.edit')[0]?.input).toEqual({ messageId: 'u2', text: 'To Porto' })
  })

  it('puts the conversation back with the reason when an edit is refused', async () => {
    const { store, transport } = await setup()
    transport.respond('chat.edit', () => ({
      ok: false,
      error: { code: 'BUSY', message: 'A reply is still being written. Stop it first.' },
    }))
    await store.getState().edit('u2', 'To Porto')
    expect(texts(store)).toEqual(['Plan a trip', 'Where to?', 'To Lisbon', 'Lisbon it is'])
    expect(store.getState().error).toBe('A reply is still being written. Stop it first.')
  })

  it('opens the editor on the last message of the user with Up, never on a local one', async () => {
    const { store } = await setup()
    expect(store.getState().editLast()).toBe(true)
    expect(store.getState().editingId).toBe('u2')
  })

  it('switches to another branch with what main shows for it', async () => {
    const { store, transport } = await setup()
    transport.respond('conversations.switchBranch', () =>
      ok(
        twoExchanges({
          messages: [
            message('u1', 'user', 'Plan a trip', null),
            message('a1', 'assistant', 'Where to?', 'u1'),
            message('u2b', 'user', 'To Porto', 'a1'),
          ],
          branches: { u2b: ['u2', 'u2b'] },
          context: null,
        }),
      ),
    )
    await store.getState().switchBranch('u2b')
    expect(texts(store)).toEqual(['Plan a trip', 'Where to?', 'To Porto'])
    expect(store.getState()).toMatchObject({ branches: { u2b: ['u2', 'u2b'] }, context: null })
  })

  it('deletes with undo for as long as main keeps the messages', async () => {
    const { store, transport, timers } = await setup()
    transport.respond('conversations.deleteMessage', () =>
      ok({ conversationId: 'c1', undoId: 'undo-1', deleted: 2, undoMs: 8000 }),
    )
    transport.respond('conversations.restoreMessages', () =>
      ok({ conversationId: 'c1', restored: 2 }),
    )
    await store.getState().deleteMessage('u2')
    expect(store.getState().pendingDelete).toMatchObject({ undoId: 'undo-1', deleted: 2 })
    // Opening the conversation set the composer's prepare timer; the delete adds the undo's.
    expect(timers.map((timer) => timer.ms)).toEqual([PREPARE_PAUSE_MS, 8000])
    const reads = transport.callsTo('conversations.get').length
    await store.getState().undoDelete()
    expect(transport.callsTo('conversations.restoreMessages')[0]?.input).toEqual({
      undoId: 'undo-1',
    })
    expect(store.getState().pendingDelete).toBeNull()
    expect(transport.callsTo('conversations.get').length).toBe(reads + 1)

    await store.getState().deleteMessage('a2')
    timers.at(-1)?.task()
    expect(store.getState().pendingDelete).toBeNull()
  })

  it('creates a new chat before giving it settings of its own', async () => {
    const transport = new FakeTransport()
      .respond('conversations.create', () => ok(conversation('c9', { title: '' })))
      .respond('conversations.updateSettings', (input) =>
        ok(conversation('c9', { systemPrompt: (input as { systemPrompt: string }).systemPrompt })),
      )
    const store = createChatStore(createClient(transport))
    await expect(
      store.getState().saveConversationSettings({ systemPrompt: 'You are a pirate.' }),
    ).resolves.toBe(true)
    expect(transport.callsTo('conversations.updateSettings')[0]?.input).toEqual({
      id: 'c9',
      systemPrompt: 'You are a pirate.',
    })
    expect(store.getState()).toMatchObject({
      conversationId: 'c9',
      conversation: { systemPrompt: 'You are a pirate.' },
    })
  })

  it('after a reply, takes its alternatives and context without dropping a failed reply from view', async () => {
    const { store, transport } = await setup(twoExchanges({ branches: {}, context: null }))
    transport.respond('chat.send', () =>
      ok({
        conversationId: 'c1',
        userMessageId: 'u3',
        assistantMessageId: 'a3',
        generationId: 'g1',
      }),
    )
    await store.getState().send('Too long')
    // Main never stores a reply that failed before its first word; the view keeps it with its error.
    transport.respond('conversations.get', () =>
      ok(twoExchanges({ context: { usedTokens: 200, contextSize: 256, firstSeenId: 'u2' } })),
    )
    transport.emit(
      'chat.done',
      done({
        assistantMessageId: 'a3',
        finishReason: 'error',
        text: '',
        stats: null,
        error: { code: 'CONTEXT_OVERFLOW', message: 'Too long for the context.' },
      }),
    )
    // chat.done makes the store re-read the conversation: await what that read stores.
    await stateReached(store, (state) => state.context?.usedTokens === 200)
    expect(store.getState().messageIds).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3'])
    expect(store.getState().messages['a3']?.error?.code).toBe('CONTEXT_OVERFLOW')
    expect(store.getState().branches).toEqual({ u2: ['u2', 'u2b'] })
  })
})
