import { useEffect } from 'react'
import { reopenLastConversation, rememberLastConversation } from '../../stores/last-conversation'
import type { Stores } from '../../stores/stores-context'

/**
 * Keeps the open conversation's id in localStorage so a reload of the window reopens it (the list
 * itself is connected and loaded by connectStores).
 */
export function useHistoryWiring(stores: Stores): void {
  useEffect(() => {
    const storage = window.localStorage
    void reopenLastConversation(stores.chat, storage)
    return rememberLastConversation(stores.chat, storage)
  }, [stores])
}
