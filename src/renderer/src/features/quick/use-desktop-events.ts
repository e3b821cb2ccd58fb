import { useEffect } from 'react'
import type { Stores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'

/**
 * The main view's side of the Electron shell: "Continue in Hearth" (from the quick window) opens a
 * conversation at its end, and "New conversation" (tray, File menu) starts one; either closes
 * Settings or Models first.
 */
export function useDesktopEvents(stores: Stores, shell: DesktopShell): void {
  useEffect(() => {
    const toChat = () => {
      stores.settings.getState().closeScreen()
      stores.models.getState().closeScreen()
    }
    const offOpen = shell.onOpenConversation((conversationId) => {
      toChat()
      void stores.chat.getState().showMessage(conversationId, null)
    })
    const offNew = shell.onNewConversation(() => {
      toChat()
      stores.chat.getState().reset()
    })
    return () => {
      offOpen()
      offNew()
    }
  }, [stores, shell])
}
