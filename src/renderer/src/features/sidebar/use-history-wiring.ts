import { useEffect } from 'react'
import { reopenLastConversation, rememberLastConversation } from '../../stores/last-conversation'
import type { Stores } from '../../stores/stores-context'

/**
 * Connects the history list to main (reload on `conversations.changed`), reads the start notices,
 * and keeps the open conversation's id in localStorage so a reload of the window reopens it.
 */
export function useHistoryWiring(stores: Stores): void {
  useEffect(() => {
    const { conversations, chat } = stores
    const offChanged = conversations.getState().connect()
    void conversations.getState().load()
    void conversations.getState().loadNotices()
    const storage = window.localStorage
    void reopenLastConversation(chat, storage)
    const offRemember = rememberLastConversation(chat, storage)
    return () => {
      offChanged()
      offRemember()
    }
  }, [stores])
}
