import type { StoreApi } from 'zustand/vanilla'
import type { ChatState } from './chat-store'

/** Where the open conversation's id is kept, so a reload of the window reopens it. */
export const LAST_CONVERSATION_KEY = 'hearth.lastConversationId'

/** The part of Web Storage used here (localStorage in the app, a Map-backed fake in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Writes the open conversation's id to `storage` whenever it changes; returns an unsubscribe. */
export function rememberLastConversation(
  chat: StoreApi<ChatState>,
  storage: KeyValueStorage,
): () => void {
  return chat.subscribe((state, previous) => {
    if (state.conversationId === previous.conversationId) return
    try {
      if (state.conversationId === null) storage.removeItem(LAST_CONVERSATION_KEY)
      else storage.setItem(LAST_CONVERSATION_KEY, state.conversationId)
    } catch {
      // Storage can be full or disabled; reopening the last conversation is only a convenience.
    }
  })
}

/**
 * Reopens the conversation kept in `storage`, if any and if nothing else was opened meanwhile. A
 * conversation that no longer exists is forgotten quietly: the window starts with a new chat.
 */
export async function reopenLastConversation(
  chat: StoreApi<ChatState>,
  storage: KeyValueStorage,
): Promise<void> {
  let id: string | null
  try {
    id = storage.getItem(LAST_CONVERSATION_KEY)
  } catch {
    return
  }
  if (id === null || chat.getState().conversationId !== null) return
  await chat.getState().open(id)
  const state = chat.getState()
  if (state.conversationId === id && state.error !== null && state.messageIds.length === 0) {
    state.reset()
    chat.setState({ error: null })
    storage.removeItem(LAST_CONVERSATION_KEY)
  }
}
