import { useEffect } from 'react'
import { connectStores } from '../../stores/connect-stores'
import { StoresProvider, type Stores } from '../../stores/stores-context'
import type { DesktopShell } from './desktop-shell'
import { QuickPrompt } from './QuickPrompt'

/** The quick prompt window's whole page: the same stores and contract as the main view. */
export function QuickApp({ stores, shell }: { stores: Stores; shell: DesktopShell }) {
  useEffect(() => connectStores(stores, 'quick'), [stores])
  return (
    <StoresProvider stores={stores}>
      <div className="app app-quick">
        <QuickPrompt shell={shell} />
      </div>
    </StoresProvider>
  )
}
