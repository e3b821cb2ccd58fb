import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { createChatStore } from './chat-store'
import { PREPARE_PAUSE_MS } from './reply-preparer'

/** The chat store on a fake transport; `chat.prepare` calls are what these tests read. */
function setup() {
  const transport = new FakeTransport()
    .respond('chat.prepare', () => ({ ok: true, value: { preparing: true } }))
    .respond('conversations.get', () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'x' } }))
  const store = createChatStore(createClient(transport), undefined, (task) => task())
  const prepared = () => transport.callsTo('chat.prepare').map((call) => call.input)
  return { store, prepared }
}

describe('the composer tells the core what the user is about to send', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the draft once typing pauses, not once per key', () => {
    const { store, prepared } = setup()
    void store.getState().open('c1')
    for (const draft of ['T', 'Te', 'Tel', 'Tell me']) {
      store.getState().setDraft(draft)
      vi.advanceTimersByTime(PREPARE_PAUSE_MS - 1)
    }
    expect(prepared()).toEqual([])
    vi.advanceTimersByTime(1)
    expect(prepared()).toEqual([{ conversationId: 'c1', draft: 'Tell me' }])
  })

  it('opening a conversation prepares it with the composer as it is', () => {
    const { store, prepared } = setup()
    void store.getState().open('c1')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    expect(prepared()).toEqual([{ conversationId: 'c1', draft: '' }])
  })

  it('sends nothing for a new chat, or for a draft that only gained spaces', () => {
    const { store, prepared } = setup()
    store.getState().setDraft('Hello')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    expect(prepared()).toEqual([])

    void store.getState().open('c1')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    store.getState().setDraft('Hello   ')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    expect(prepared()).toEqual([{ conversationId: 'c1', draft: 'Hello' }])
  })

  it('a send cancels the prepare typing had scheduled', async () => {
    const { store, prepared } = setup()
    void store.getState().open('c1')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    store.getState().setDraft('Send me')
    await store.getState().send()
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    expect(prepared()).toEqual([{ conversationId: 'c1', draft: '' }])
  })

  it('sends nothing while a reply streams', () => {
    const { store, prepared } = setup()
    void store.getState().open('c1')
    store.setState({
      generation: { id: 'g1', assistantMessageId: 'a1', nextSeq: 0, synced: true },
    })
    store.getState().setDraft('Next question')
    vi.advanceTimersByTime(PREPARE_PAUSE_MS)
    expect(prepared()).toEqual([])
  })
})
