import { useEffect } from 'react'
import type { Stores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'

/**
 * The main view's side of "Continue in Hearth" in Electron: the shell asks it to open a conversation
 * (from the quick window), so it closes Settings or Models and shows that conversation at its end.
 */
export function useDesktopEvents(stores: Stores, shell: DesktopShell): void {
  useEffect(
    () =>
      shell.onOpenConversation((conversationId) => {
        stores.settings.getState().closeScreen()
        stores.models.getState().closeScreen()
        void stores.chat.getState().showMessage(conversationId, null)
      }),
    [stores, shell],
  )
}
