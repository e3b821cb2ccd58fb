import type { HearthBridge } from '../shared/contract/bridge'

declare global {
  interface Window {
    /** Present in Electron (the preload's bridge); absent in headless mode, where the WebSocket is used. */
    hearth?: HearthBridge
  }
}

export {}
