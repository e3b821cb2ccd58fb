import { createStore, type StoreApi } from 'zustand/vanilla'
import type { RequestOutput } from '../../../shared/contract/contract'
import type { Result } from '../../../shared/contract/result'
import type { ApiServerStatus } from '../../../shared/contract/schemas/api-server'
import type { HearthClient } from '../transport/client'

interface ApiServerData {
  status: ApiServerStatus | null
  /** The key clients send; fetched only when Settings shows it. */
  key: string | null
  /** Why the last call failed, for the user. */
  error: string | null
}

interface ApiServerActions {
  load: () => Promise<void>
  /** Follows `api.changed` and reconnects; returns an unsubscribe. */
  connect: () => () => void
  loadKey: () => Promise<void>
  regenerateKey: () => Promise<void>
  /** Stops the API requests in flight. */
  stopRequests: () => Promise<void>
}

export type ApiServerState = ApiServerData & ApiServerActions

/** A fresh API server store bound to `client`. */
export function createApiServerStore(client: HearthClient): StoreApi<ApiServerState> {
  return createStore<ApiServerState>()((set) => {
    async function load(): Promise<void> {
      const result = await client.invoke('api.status', {})
      if (result.ok) set({ status: result.value, error: null })
      else set({ error: result.error.message })
    }
    const keyFrom = (result: Result<RequestOutput<'api.key'>>) => {
      if (result.ok) set({ key: result.value.key, error: null })
      else set({ error: result.error.message })
    }
    return {
      status: null,
      key: null,
      error: null,
      load,
      connect() {
        const offChanged = client.on('api.changed', (status) => set({ status }))
        const offReconnect = client.onReconnect(() => void load())
        void load()
        return () => {
          offChanged()
          offReconnect()
        }
      },
      loadKey: async () => keyFrom(await client.invoke('api.key', {})),
      regenerateKey: async () => keyFrom(await client.invoke('api.regenerateKey', {})),
      async stopRequests() {
        const result = await client.invoke('api.stop', {})
        if (!result.ok) set({ error: result.error.message })
      },
    }
  })
}
