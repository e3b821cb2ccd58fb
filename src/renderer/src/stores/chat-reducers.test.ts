import { describe, expect, it } from 'vitest'
import type { ConversationWithMessages } from '../../../shared/contract/schemas/chat'
import { done, sendOutput } from '../test/fixtures'
import {
  applyConversation,
  applyDelta,
  applyDone,
  sendFailed,
  sendSucceeded,
  startSend,
} from './chat-reducers'
import { initialChatData, type ChatData } from './chat-state'

const ids = { user: 'lu', assistant: 'la' }

function streaming(): ChatData {
  return sendSucceeded(startSend(initialChatData, 'Hi', ids), sendOutput, ids)
}

function conversation(
  messages: ConversationWithMessages['messages'],
  activeGenerationId: string | null,
  id = 'c1',
): ConversationWithMessages {
  return {
    conversation: {
      id,
      title: 't',
      createdAt: 0,
      updatedAt: 0,
      pinned: false,
      systemPrompt: null,
      sampling: null,
      model: null,
    },
    messages,
    hasMore: false,
    before: null,
    hasNewer: false,
    after: null,
    activeGenerationId,
  }
}

const userRow = {
  id: 'u1',
  conversationId: 'c1',
  parentId: null,
  role: 'user' as const,
  text: 'Hi',
  createdAt: 1,
  finishReason: null,
  stats: null,
}

describe('chat reducers', () => {
  it('a gap marks the generation unsynced and asks for a reload', () => {
    const outcome = applyDelta(streaming(), { generationId: 'g1', seq: 3, text: 'x' })
    expect(outcome.reload).toBe(true)
    expect(outcome.state.generation?.synced).toBe(false)
  })

  it('a delta with no generation running changes nothing', () => {
    const outcome = applyDelta(initialChatData, { generationId: 'g1', seq: 0, text: 'x' })
    expect(outcome).toEqual({ state: initialChatData, reload: false })
  })

  it('keeps a streaming reply that main has no row for yet', () => {
    const state = applyDelta(streaming(), { generationId: 'g1', seq: 0, text: 'Hel' }).state
    const next = applyConversation(state, conversation([userRow], 'g1'))
    expect(next.messageIds).toEqual(['u1', 'a1'])
    expect(next.messages.a1).toMatchObject({ text: 'Hel', streaming: true })
    expect(next.generation).toMatchObject({ id: 'g1', synced: false })
  })

  it('marks a reply that ended unseen, with no row in main, as interrupted', () => {
    const next = applyConversation(streaming(), conversation([userRow], null))
    expect(next.messages.a1).toMatchObject({ streaming: false, finishReason: 'interrupted' })
    expect(next.generation).toBeNull()
  })

  it('adopts a generation started elsewhere so Stop works and chat.done lands', () => {
    const opened = { ...initialChatData, conversationId: 'c1' }
    const next = applyConversation(opened, conversation([userRow], 'g9'))
    expect(next.generation).toMatchObject({ id: 'g9', assistantMessageId: 'pending-g9' })
    const finished = applyDone(
      next,
      done({ generationId: 'g9', assistantMessageId: 'a9', text: 'Done' }),
    )
    expect(finished.messageIds).toEqual(['u1', 'a9'])
    expect(finished.messages.a9).toMatchObject({ text: 'Done', streaming: false })
    expect(finished.messages['pending-g9']).toBeUndefined()
  })

  it('ignores an answer for a conversation that is no longer open', () => {
    const state = streaming()
    expect(applyConversation(state, conversation([], null, 'c2'))).toBe(state)
  })

  it('keeps error texts across a reload, since main does not store them', () => {
    const error = { code: 'EMPTY_REPLY' as const, message: 'Empty reply.' }
    const failed = applyDone(streaming(), done({ finishReason: 'error', text: '', error }))
    const reloaded = applyConversation(
      failed,
      conversation(
        [userRow, { ...userRow, id: 'a1', role: 'assistant', text: '', finishReason: 'error' }],
        null,
      ),
    )
    expect(reloaded.messages.a1?.error).toEqual(error)
  })

  it('a failed send keeps what was typed meanwhile after the failed text', () => {
    const started = { ...startSend(initialChatData, 'First', ids), draft: 'second' }
    const failed = sendFailed(started, { code: 'BUSY', message: 'Busy.' }, 'First', ids)
    expect(failed.draft).toBe('First\nsecond')
    expect(failed.messageIds).toEqual([])
  })
})
