import type { ConversationWithMessages } from '../../../shared/contract/schemas/chat'
import { applyBranchInfo, fromStored } from './chat-reducers'
import type { ChatData, ChatMessage } from './chat-state'

// Pages added to the view as the user scrolls: older ones above, newer ones below (after a search
// hit opened a page in the middle of a long conversation). Messages already in view are kept as
// they are, so a row that is on screen never re-renders because a page arrived.

/** A page of older messages goes above the ones in view. */
export function applyOlderPage(state: ChatData, data: ConversationWithMessages): ChatData {
  if (state.conversationId !== data.conversation.id) return state
  const added = newMessages(state, data)
  return {
    ...applyBranchInfo(state, data),
    messageIds: [...added.map((m) => m.id), ...state.messageIds],
    messages: withMessages(state.messages, added),
    olderCursor: data.hasMore ? data.before : null,
    loadingPage: null,
  }
}

/** A page of newer messages goes below the ones in view; the last page ends the gap. */
export function applyNewerPage(state: ChatData, data: ConversationWithMessages): ChatData {
  if (state.conversationId !== data.conversation.id) return state
  const added = newMessages(state, data)
  return {
    ...applyBranchInfo(state, data),
    messageIds: [...state.messageIds, ...added.map((m) => m.id)],
    messages: withMessages(state.messages, added),
    newerCursor: data.hasNewer ? data.after : null,
    loadingPage: null,
  }
}

function newMessages(state: ChatData, data: ConversationWithMessages): ChatMessage[] {
  return data.messages.filter((m) => !(m.id in state.messages)).map((m) => fromStored(m, null))
}

function withMessages(
  messages: Record<string, ChatMessage>,
  added: readonly ChatMessage[],
): Record<string, ChatMessage> {
  const next = { ...messages }
  for (const message of added) next[message.id] = message
  return next
}
