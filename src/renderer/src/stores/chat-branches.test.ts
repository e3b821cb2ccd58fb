import { describe, expect, it, vi } from 'vitest'
import type { ConversationWithMessages } from '../../../shared/contract/schemas/chat'
import { createClient } from '../transport/client'
import { conversation } from '../test/conversations'
import { deferred, FakeTransport } from '../test/fake-transport'
import { done, ok, sendOutput } from '../test/fixtures'
import { createChatStore } from './chat-store'

/** Deltas are applied once per frame; here each frame comes at once. */
const runAtOnce = (task: () => void) => task()

async function setupWithReply(finishReason: 'done' | 'stopped' = 'done') {
  const transport = new FakeTransport().respond('chat.send', () => ok(sendOutput))
  const store = createChatStore(createClient(transport), undefined, runAtOnce)
  store.getState().connect()
  await store.getState().send('Hi')
  transport.emit('chat.done', done({ text: 'Hello there', finishReason }))
  return { transport, store }
}

const view = (store: Awaited<ReturnType<typeof setupWithReply>>['store']) =>
  store.getState().messageIds.map((id) => `${id}:${store.getState().messages[id]?.text}`)

describe('chat-store regenerate and continue', () => {
  it('regenerate replaces the latest reply with a new streaming one under main’s id', async () => {
    const ctx = await setupWithReply()
    const answer = deferred<unknown>()
    ctx.transport.respond('chat.regenerate', () => answer.promise)
    const regenerating = ctx.store.getState().regenerate('a1')
    const local = ctx.store.getState().messageIds[1] ?? ''
    expect(local).toMatch(/^local-assistant-/)
    expect(ctx.store.getState().messages[local]?.streaming).toBe(true)
    expect(ctx.store.getState().messages.a1).toBeUndefined()
    answer.resolve(
      ok({
        conversationId: 'c1',
        userMessageId: 'u1',
        assistantMessageId: 'a2',
        generationId: 'g2',
      }),
    )
    await regenerating
    expect(ctx.transport.callsTo('chat.regenerate')[0]?.input).toEqual({ assistantMessageId: 'a1' })
    ctx.transport.emit('chat.delta', { generationId: 'g2', seq: 0, text: 'Another' })
    expect(view(ctx.store)).toEqual(['u1:Hi', 'a2:Another'])
    ctx.transport.emit(
      'chat.done',
      done({ generationId: 'g2', assistantMessageId: 'a2', text: 'Another answer' }),
    )
    expect(view(ctx.store)).toEqual(['u1:Hi', 'a2:Another answer'])
    expect(ctx.store.getState().generation).toBeNull()
  })

  it('continue appends the new text to the same reply', async () => {
    const ctx = await setupWithReply('stopped')
    ctx.transport.respond('chat.continue', () =>
      ok({
        conversationId: 'c1',
        userMessageId: 'u1',
        assistantMessageId: 'a1',
        generationId: 'g3',
      }),
    )
    await ctx.store.getState().continueReply('a1')
    expect(ctx.store.getState().messages.a1?.streaming).toBe(true)
    ctx.transport.emit('chat.delta', { generationId: 'g3', seq: 0, text: ', friend' })
    expect(view(ctx.store)).toEqual(['u1:Hi', 'a1:Hello there, friend'])
    ctx.transport.emit(
      'chat.done',
      done({ generationId: 'g3', text: 'Hello there, friend.', finishReason: 'done' }),
    )
    expect(ctx.store.getState().messages.a1).toMatchObject({
      text: 'Hello there, friend.',
      finishReason: 'done',
      streaming: false,
    })
  })

  it('a refused continue leaves the reply as it was and shows why', async () => {
    const ctx = await setupWithReply('stopped')
    ctx.transport.respond('chat.continue', () => ({
      ok: false,
      error: { code: 'NO_MODEL', message: 'Load a model first.' },
    }))
    await ctx.store.getState().continueReply('a1')
    expect(ctx.store.getState().messages.a1).toMatchObject({
      finishReason: 'stopped',
      streaming: false,
    })
    expect(ctx.store.getState().generation).toBeNull()
    expect(ctx.store.getState().error).toBe('Load a model first.')
  })

  it('showMessage opens another conversation and marks the message for a moment', async () => {
    vi.useFakeTimers()
    try {
      const transport = new FakeTransport()
      const data: ConversationWithMessages = {
        conversation: conversation('c9', { title: 'Found' }),
        messages: [
          {
            id: 'm9',
            conversationId: 'c9',
            parentId: null,
            role: 'user',
            text: 'needle',
            createdAt: 1,
            finishReason: null,
            stats: null,
          },
        ],
        hasMore: false,
        before: null,
        hasNewer: false,
        after: null,
        activeGenerationId: null,
      }
      transport.respond('conversations.get', () => ok(data))
      const store = createChatStore(createClient(transport), undefined, runAtOnce)
      await store.getState().showMessage('c9', 'm9')
      expect(store.getState().conversationId).toBe('c9')
      expect(store.getState().messageIds).toEqual(['m9'])
      expect(store.getState().highlightedId).toBe('m9')
      vi.advanceTimersByTime(3000)
      expect(store.getState().highlightedId).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})
