import type { StoreApi } from 'zustand/vanilla'

/**
 * Resolves with the store's state once `holds(state)` is true: at once if it already is, otherwise
 * on the change that makes it so. Tests await the state change itself instead of polling for it.
 */
export function stateReached<S>(store: StoreApi<S>, holds: (state: S) => boolean): Promise<S> {
  return new Promise((resolve) => {
    if (holds(store.getState())) {
      resolve(store.getState())
      return
    }
    const unsubscribe = store.subscribe((state) => {
      if (!holds(state)) return
      unsubscribe()
      resolve(state)
    })
  })
}
