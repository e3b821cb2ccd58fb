import type { FromCore, ToCore } from './protocol'

/** Electron's utilityProcess gives its child `process.parentPort`; a forked child has `process.send`. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

export interface ParentLink {
  send(message: FromCore): void
  onMessage(listener: (message: ToCore) => void): void
  /** The shell is gone (its end of the channel closed). */
  onDisconnect(listener: () => void): void
}

/** The channel to the shell that started this core process, whichever API started it. */
export function connectToParent(): ParentLink | null {
  // Electron's types declare parentPort on every process; a forked child (headless) has none.
  const port = (process as { parentPort?: ParentPortLike }).parentPort
  if (port !== undefined) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as ToCore)),
      // Electron ends a utility process with its parent.
      onDisconnect: () => undefined,
    }
  }
  const send = process.send?.bind(process)
  if (send === undefined) return null
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToCore)),
    onDisconnect: (listener) => process.once('disconnect', listener),
  }
}
