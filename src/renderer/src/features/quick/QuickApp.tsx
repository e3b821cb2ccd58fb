import { useEffect } from 'react'
import { StoresProvider, type Stores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'
import { QuickPrompt } from './QuickPrompt'

/** The quick prompt window's whole page: the same stores and contract as the main view. */
export function QuickApp({ stores, shell }: { stores: Stores; shell: DesktopShell }) {
  useEffect(() => {
    const offStatus = stores.status.getState().connect()
    const offChat = stores.chat.getState().connect()
    void stores.status.getState().load()
    return () => {
      offStatus()
      offChat()
    }
  }, [stores])
  return (
    <StoresProvider stores={stores}>
      <div className="app app-quick">
        <QuickPrompt shell={shell} />
      </div>
    </StoresProvider>
  )
}
