import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConversationWithMessages } from '../../../../shared/contract/schemas/chat'
import type { FinishReason } from '../../../../shared/contract/schemas/common'
import { conversation } from '../../test/conversations'
import { FakeTransport } from '../../test/fake-transport'
import { ok, sendOutput } from '../../test/fixtures'
import { fakeFrames, nextFrame, nth, renderWithStores } from '../../test/render'
import { MessageList } from './MessageList'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

function stored(finishReason: FinishReason): ConversationWithMessages {
  const base = { conversationId: 'c1', createdAt: 1, stats: null }
  return {
    conversation: conversation('c1', { title: 'Hi' }),
    messages: [
      { ...base, id: 'u1', parentId: null, role: 'user', text: 'Q1', finishReason: null },
      { ...base, id: 'a1', parentId: 'u1', role: 'assistant', text: 'A1', finishReason: 'done' },
      { ...base, id: 'u2', parentId: 'a1', role: 'user', text: 'Q2', finishReason: null },
      { ...base, id: 'a2', parentId: 'u2', role: 'assistant', text: 'A2', finishReason },
    ],
    hasMore: false,
    before: null,
    hasNewer: false,
    after: null,
    activeGenerationId: null,
  }
}

async function renderConversation(finishReason: FinishReason) {
  const transport = new FakeTransport().respond('conversations.get', () => ok(stored(finishReason)))
  const view = renderWithStores(<MessageList />, transport)
  view.stores.chat.getState().connect()
  await act(async () => {
    await view.stores.chat.getState().open('c1')
  })
  return view
}

/** What chat.continue and chat.regenerate answer: the reply `assistantMessageId` streams as g. */
const replyStarted = (assistantMessageId: string) => ({
  ...sendOutput,
  userMessageId: 'u2',
  assistantMessageId,
  generationId: 'g',
})

describe('message actions', () => {
  it('offers Regenerate on the latest reply only, and no Continue after a finished reply', async () => {
    await renderConversation('done')
    expect(screen.getAllByTestId('regenerate-button')).toHaveLength(1)
    const last = nth(screen.getAllByTestId('message-assistant'), 1)
    expect(last.querySelector('[data-testid="regenerate-button"]')).toBeTruthy()
    expect(screen.queryByTestId('continue-button')).toBeNull()
    expect(last.getAttribute('data-message-id')).toBe('a2')
  })

  it('marks an interrupted reply and continues it in place', async () => {
    const { transport } = await renderConversation('interrupted')
    expect(screen.getByTestId('message-interrupted').textContent).toBe(
      'This reply was interrupted.',
    )
    transport.respond('chat.continue', () => ok(replyStarted('a2')))
    await act(async () => {
      fireEvent.click(screen.getByTestId('continue-button'))
    })
    expect(transport.callsTo('chat.continue')[0]?.input).toEqual({ assistantMessageId: 'a2' })
    const last = nth(screen.getAllByTestId('message-assistant'), 1)
    expect(last.getAttribute('data-streaming')).toBe('true')
    expect(screen.queryByTestId('regenerate-button')).toBeNull()
    fakeFrames()
    act(() => transport.emit('chat.delta', { generationId: 'g', seq: 0, text: ' more' }))
    nextFrame()
    expect(last.textContent).toContain('A2 more')
  })

  it('regenerates the latest reply', async () => {
    const { transport } = await renderConversation('stopped')
    expect(screen.getByTestId('continue-button')).toBeTruthy()
    transport.respond('chat.regenerate', () => ok(replyStarted('a3')))
    await act(async () => {
      fireEvent.click(screen.getByTestId('regenerate-button'))
    })
    expect(transport.callsTo('chat.regenerate')[0]?.input).toEqual({ assistantMessageId: 'a2' })
    const replies = screen.getAllByTestId('message-assistant')
    expect(replies.map((el) => el.getAttribute('data-message-id'))).toEqual(['a1', 'a3'])
  })

  it('marks the message search led to', async () => {
    const { stores } = await renderConversation('done')
    await act(async () => {
      await stores.chat.getState().showMessage('c1', 'u2')
    })
    const marked = screen
      .getAllByTestId('message-user')
      .find((el) => el.getAttribute('data-message-id') === 'u2')
    expect(marked?.getAttribute('data-highlighted')).toBe('true')
  })
})
