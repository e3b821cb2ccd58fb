import { connectStores } from '../stores/connect-stores'
import { act, render } from '@testing-library/react'
import { vi } from 'vitest'
import type { StoreApi } from 'zustand/vanilla'
import type { ReactElement } from 'react'
import { createClient } from '../transport/client'
import { createStores, StoresProvider } from '../stores/stores-context'
import { FakeTransport } from './fake-transport'
import { stateReached } from './state-reached'

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

/**
 * Waits, inside act, for the store change a test needs, so React has drawn it when this resolves:
 * the test awaits that change itself rather than polling the page for its effect.
 */
export async function renderedWhen<S>(
  store: StoreApi<S>,
  holds: (state: S) => boolean,
): Promise<void> {
  await act(async () => {
    await stateReached(store, holds)
  })
}

/**
 * Fakes requestAnimationFrame alone (a test ends with vi.useRealTimers()), so `nextFrame` runs
 * what waits for the next frame (streamed text, focus) at once instead of a real frame later.
 */
export function fakeFrames(): void {
  vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] })
}

/** Runs the callbacks waiting for the next animation frame, inside act. */
export function nextFrame(): void {
  act(() => {
    vi.advanceTimersToNextFrame()
  })
}
