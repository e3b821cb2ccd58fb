import { EventEmitter } from 'node:events'
import type { EventChannel, EventPayload } from '../../shared/contract/contract'

type AnyListener = (channel: EventChannel, payload: unknown) => void

/** The core's typed event emitter; both transports forward every event through `onAny`. */
export class CoreEvents {
  readonly #emitter = new EventEmitter()
  readonly #anyListeners = new Set<AnyListener>()

  constructor() {
    // Every window and test subscribes; the default limit of 10 would warn for no reason.
    this.#emitter.setMaxListeners(0)
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    this.#emitter.emit(channel, payload)
    for (const listener of this.#anyListeners) listener(channel, payload)
  }

  /**
   * Re-emits an event that crossed a process boundary (the supervisor relaying the core process's
   * events): its payload was built by the core against the contract.
   */
  forward(channel: EventChannel, payload: unknown): void {
    this.#emitter.emit(channel, payload)
    for (const listener of this.#anyListeners) listener(channel, payload)
  }

  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.#emitter.on(channel, listener)
    return () => this.#emitter.off(channel, listener)
  }

  onAny(listener: AnyListener): () => void {
    this.#anyListeners.add(listener)
    return () => this.#anyListeners.delete(listener)
  }
}
