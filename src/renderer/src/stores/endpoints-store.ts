import { createStore, type StoreApi } from 'zustand/vanilla'
import type { HearthClient } from '../transport/client'

interface EndpointsData {
  /** The models the server being added lists, once asked. */
  models: string[] | null
  busy: boolean
  /** Why the last question to a server failed, for the user. */
  error: string | null
}

interface EndpointsActions {
  /** Asks a server for its models (the key as typed, or the saved one of `endpointId`). */
  findModels: (input: { baseUrl: string; apiKey?: string; endpointId?: string }) => Promise<boolean>
  /** Saves or (with null) removes an endpoint's key. */
  setKey: (endpointId: string, key: string | null) => Promise<boolean>
  reset: () => void
}

export type EndpointsState = EndpointsData & EndpointsActions

const initialEndpointsData: EndpointsData = { models: null, busy: false, error: null }

/** A fresh endpoints store bound to `client`. */
export function createEndpointsStore(client: HearthClient): StoreApi<EndpointsState> {
  return createStore<EndpointsState>()((set) => ({
    ...initialEndpointsData,
    reset: () => set(initialEndpointsData),
    async findModels(input) {
      set({ busy: true, error: null, models: null })
      const result = await client.invoke('remote.models', input)
      if (result.ok) set({ busy: false, models: result.value.models })
      else set({ busy: false, error: result.error.message })
      return result.ok
    },
    async setKey(endpointId, key) {
      const result = await client.invoke('remote.setKey', { endpointId, key })
      if (!result.ok) set({ error: result.error.message })
      return result.ok
    },
  }))
}
