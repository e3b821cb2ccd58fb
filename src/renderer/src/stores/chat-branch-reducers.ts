import { startSend, type LocalIds } from './chat-reducers'
import type { ChatData, ChatMessage } from './chat-state'

// Pure state changes for "Regenerate" and "Continue", beside the send reducers in chat-reducers.ts.
// Both reuse sendSucceeded once main answers: its id mapping and early-event replay are the same.

/**
 * The user asked for a new reply to the same question: the old reply (kept by main as another
 * branch) leaves the view and an empty streaming reply with a local id takes its place.
 */
export function startRegenerate(state: ChatData, replyId: string, localId: string): ChatData {
  const index = state.messageIds.indexOf(replyId)
  if (index < 0) return state
  const kept = dropFrom(state, index)
  const messages = { ...kept.messages }
  messages[localId] = {
    id: localId,
    role: 'assistant',
    text: '',
    finishReason: null,
    stats: null,
    error: null,
    streaming: true,
  }
  return {
    ...state,
    messageIds: [...kept.messageIds, localId],
    messages,
    newerCursor: null,
    generation: { id: null, assistantMessageId: localId, nextSeq: 0, synced: true },
    early: {},
    error: null,
  }
}

/** The user asked to carry on a stopped or cut-off reply: its new text is appended to it. */
export function startContinue(state: ChatData, replyId: string): ChatData {
  const message = state.messages[replyId]
  if (!message) return state
  return {
    ...state,
    messages: {
      ...state.messages,
      [replyId]: { ...message, streaming: true, finishReason: null, error: null },
    },
    generation: { id: null, assistantMessageId: replyId, nextSeq: 0, synced: true },
    early: {},
    error: null,
  }
}

/** Main refused to continue: the reply is back as it was, with the reason above the composer. */
export function continueFailed(state: ChatData, before: ChatMessage, message: string): ChatData {
  return {
    ...state,
    messages: { ...state.messages, [before.id]: before },
    generation: null,
    early: {},
    error: message,
  }
}

/**
 * The user sent an edited version of a message: it and what followed leave the view (main keeps
 * them as another branch), and the edit with an empty streaming reply take their place. Whatever
 * is in the composer stays there.
 */
export function startEdit(
  state: ChatData,
  messageId: string,
  text: string,
  ids: LocalIds,
): ChatData {
  const index = state.messageIds.indexOf(messageId)
  if (index < 0) return state
  const sent = startSend({ ...state, ...dropFrom(state, index) }, text, ids)
  return { ...sent, draft: state.draft, editingId: null }
}

/** The view without the message at `index` and what follows it. */
function dropFrom(
  state: ChatData,
  index: number,
): Pick<ChatData, 'messageIds' | 'messages' | 'context' | 'newerCursor'> {
  const removed = new Set(state.messageIds.slice(index))
  const messages: Record<string, ChatMessage> = {}
  for (const [id, message] of Object.entries(state.messages)) {
    if (!removed.has(id)) messages[id] = message
  }
  // The divider may have marked a message that left the view; the next read brings it back right.
  const context =
    state.context?.firstSeenId && removed.has(state.context.firstSeenId) ? null : state.context
  // What followed is another branch now: the new one ends in view, so nothing newer is left to load.
  return { messageIds: state.messageIds.slice(0, index), messages, context, newerCursor: null }
}
