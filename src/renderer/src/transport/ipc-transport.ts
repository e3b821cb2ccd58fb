import type { HearthBridge } from '../../../shared/contract/bridge'
import type { Transport } from './transport'

/** The preload bridge, if this page runs inside Hearth's Electron window. */
export function findBridge(scope: object = globalThis): HearthBridge | null {
  const candidate: unknown = Reflect.get(scope, 'hearth')
  if (typeof candidate !== 'object' || candidate === null) return null
  const invoke: unknown = Reflect.get(candidate, 'invoke')
  const on: unknown = Reflect.get(candidate, 'on')
  if (typeof invoke !== 'function' || typeof on !== 'function') return null
  return candidate as HearthBridge
}

/** Electron: a thin pass-through to `window.hearth`; IPC has no connection to lose. */
export function createIpcTransport(bridge: HearthBridge): Transport {
  return {
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (channel, listener) => bridge.on(channel, listener),
    onReconnect: () => () => {},
    onConnectionChange: () => () => {},
  }
}
