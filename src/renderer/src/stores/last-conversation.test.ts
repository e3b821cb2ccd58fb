import { describe, expect, it } from 'vitest'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { done, ok, sendOutput } from '../test/fixtures'
import { createChatStore } from './chat-store'
import { PAGE_SIZE } from './chat-page-actions'
import { conversation } from '../test/conversations'
import {
  LAST_CONVERSATION_KEY,
  rememberLastConversation,
  reopenLastConversation,
  type KeyValueStorage,
} from './last-conversation'

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  }
}

describe('last conversation', () => {
  it('remembers the open conversation and forgets it on a new chat', async () => {
    const transport = new FakeTransport().respond('chat.send', () => ok(sendOutput))
    const chat = createChatStore(createClient(transport))
    chat.getState().connect()
    const storage = memoryStorage()
    rememberLastConversation(chat, storage)
    await chat.getState().send('Hi')
    transport.emit('chat.done', done())
    expect(storage.map.get(LAST_CONVERSATION_KEY)).toBe('c1')
    chat.getState().reset()
    expect(storage.map.has(LAST_CONVERSATION_KEY)).toBe(false)
  })

  it('reopens the remembered conversation after a reload', async () => {
    const transport = new FakeTransport().respond('conversations.get', () =>
      ok({
        conversation: conversation('c1', { title: 'Hi' }),
        messages: [],
        hasMore: false,
        before: null,
        hasNewer: false,
        after: null,
        activeGenerationId: null,
      }),
    )
    const chat = createChatStore(createClient(transport))
    const storage = memoryStorage()
    storage.setItem(LAST_CONVERSATION_KEY, 'c1')
    await reopenLastConversation(chat, storage)
    expect(chat.getState().conversationId).toBe('c1')
    expect(transport.callsTo('conversations.get')[0]?.input).toEqual({ id: 'c1', limit: PAGE_SIZE })
  })

  it('quietly starts a new chat when the remembered conversation is gone', async () => {
    const transport = new FakeTransport().respond('conversations.get', () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That conversation no longer exists.' },
    }))
    const chat = createChatStore(createClient(transport))
    const storage = memoryStorage()
    storage.setItem(LAST_CONVERSATION_KEY, 'gone')
    await reopenLastConversation(chat, storage)
    expect(chat.getState()).toMatchObject({ conversationId: null, error: null })
    expect(storage.map.has(LAST_CONVERSATION_KEY)).toBe(false)
  })
})
