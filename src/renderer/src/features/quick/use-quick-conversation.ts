import { useEffect } from 'react'
import type { Stores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'
import { readLastQuick, writeLastQuick } from './quick-memory'
import { quickConversationToResume } from './quick-rules'

/** The reuse window when the settings have not loaded (the setting's default). */
const DEFAULT_REUSE_MINUTES = 10

/**
 * Applies the "same quick conversation" rule when the quick prompt opens (route load) and each time
 * the Electron shell shows its window again, and records every use of the quick conversation so the
 * rule has something to measure from.
 */
export function useQuickConversation(stores: Stores, shell: DesktopShell): void {
  useEffect(() => {
    const { chat, settings } = stores
    const storage = window.localStorage
    const apply = async () => {
      if (settings.getState().settings === null) await settings.getState().load()
      const minutes = settings.getState().settings?.quickReuseMinutes ?? DEFAULT_REUSE_MINUTES
      const resume = quickConversationToResume(readLastQuick(storage), Date.now(), minutes)
      if (resume === null) {
        if (chat.getState().generation === null) chat.getState().reset()
      } else if (chat.getState().conversationId !== resume) {
        await chat.getState().open(resume)
        // A quick conversation deleted meanwhile: start a new one instead of showing an error.
        if (chat.getState().messageIds.length === 0) chat.getState().reset()
      }
    }
    void apply()
    const offShown = shell.onQuickShown(() => void apply())
    const offUse = chat.subscribe((state, previous) => {
      const id = state.conversationId
      if (id === null) return
      if (id !== previous.conversationId || state.generation !== previous.generation)
        writeLastQuick(storage, { conversationId: id, usedAt: Date.now() })
    })
    return () => {
      offShown()
      offUse()
    }
  }, [stores, shell])
}
