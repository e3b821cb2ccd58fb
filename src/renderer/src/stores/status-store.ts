import { createStore, type StoreApi } from 'zustand/vanilla'
import type { EngineProcess } from '../../../shared/contract/schemas/engine-process'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import type { HearthClient } from '../transport/client'

interface StatusData {
  /** Null until the first `app.status` answer. */
  status: AppStatus | null
  /** Why the status could not be read. */
  error: string | null
  /** False while the headless WebSocket is down. */
  connected: boolean
  /** The core's process: restarting after a crash, or stopped after repeated ones. */
  engine: EngineProcess | null
}

interface StatusActions {
  load: () => Promise<void>
  /** Follows `app.statusChanged`, reconnects and connection changes; returns an unsubscribe. */
  connect: () => () => void
}

export type StatusState = StatusData & StatusActions

/** A fresh status store bound to `client`. */
export function createStatusStore(client: HearthClient): StoreApi<StatusState> {
  return createStore<StatusState>()((set) => {
    async function load(): Promise<void> {
      const [result, engine] = await Promise.all([
        client.invoke('app.status', {}),
        client.invoke('app.engineProcess', {}),
      ])
      if (engine.ok) set({ engine: engine.value })
      if (result.ok) set({ status: result.value, error: null })
      else set({ error: result.error.message })
    }
    return {
      status: null,
      error: null,
      connected: true,
      engine: null,
      load,
      connect() {
        const offStatus = client.on('app.statusChanged', (status) => set({ status, error: null }))
        const offEngine = client.on('app.engineProcess', (engine) => set({ engine }))
        const offReconnect = client.onReconnect(() => void load())
        const offConnection = client.onConnectionChange((connected) => set({ connected }))
        return () => {
          offStatus()
          offEngine()
          offReconnect()
          offConnection()
        }
      },
    }
  })
}
