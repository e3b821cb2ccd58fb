import { connectStores } from '../stores/connect-stores'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { createClient } from '../transport/client'
import { createStores, StoresProvider } from '../stores/stores-context'
import { FakeTransport } from './fake-transport'

/** Renders `ui` over fresh stores on a fake transport. */
export function renderWithStores(ui: ReactElement, transport = new FakeTransport()) {
  const stores = createStores(createClient(transport))
  // Connected as on the main page (App does the same), so screens see the core's events.
  const disconnect = connectStores(stores, 'main')
  const view = render(<StoresProvider stores={stores}>{ui}</StoresProvider>)
  return {
    ...view,
    stores,
    transport,
    unmount: () => {
      view.unmount()
      disconnect()
    },
  }
}

/** The `index`th element of a query's result; throws (failing the test) when there is none. */
export function nth(elements: HTMLElement[], index: number): HTMLElement {
  const element = elements[index]
  if (!element) throw new Error(`expected at least ${index + 1} elements, got ${elements.length}`)
  return element
}
