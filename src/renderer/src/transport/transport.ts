/**
 * The one seam between the renderer and whatever carries the contract: Electron IPC through the
 * preload, or the headless WebSocket. Everything above it is the same code in both modes.
 */
export interface Transport {
  /** Resolves to the raw, still unvalidated `Result` object main answered; never rejects on purpose. */
  invoke(channel: string, input: unknown): Promise<unknown>
  /** Subscribes to one event channel; returns a function that removes the listener. */
  on(channel: string, listener: (payload: unknown) => void): () => void
  /**
   * Called after the connection came back following a drop (WebSocket only): events sent while it
   * was down are lost, so stores re-read what they show.
   */
  onReconnect(listener: () => void): () => void
  /** Connection up or down; IPC never goes down, so it never calls back. */
  onConnectionChange(listener: (connected: boolean) => void): () => void
}

/** A tiny listener registry keyed by channel, shared by both transports. */
export class ListenerMap<T> {
  readonly #byChannel = new Map<string, Set<(value: T) => void>>()

  add(channel: string, listener: (value: T) => void): () => void {
    let set = this.#byChannel.get(channel)
    if (!set) {
      set = new Set()
      this.#byChannel.set(channel, set)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  emit(channel: string, value: T): void {
    const set = this.#byChannel.get(channel)
    if (!set) return
    // A copy, so a listener that unsubscribes while being called does not skip its neighbour.
    for (const listener of [...set]) listener(value)
  }
}
