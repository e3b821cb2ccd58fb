/** What the window is told about API requests: how many are in flight (running or waiting). */
export interface ApiActivity {
  requests: number
}

/** A request's place in the queue; `leave()` is idempotent. */
export interface QueueSlot {
  readonly abort: AbortController
  leave(): void
}

/**
 * Bounds the API requests in flight. The engine runs one generation at a time and queues the rest
 * (the window's replies included), so this only counts: a request beyond `limit` is refused at once
 * (429) instead of waiting without end. It also keeps each request's AbortController, so the window
 * can stop them.
 */
export class RequestQueue {
  readonly #limit: number
  readonly #slots = new Set<QueueSlot>()
  readonly #onChange: (activity: ApiActivity) => void

  constructor(limit: number, onChange: (activity: ApiActivity) => void = () => undefined) {
    if (limit < 1) throw new Error('the API queue needs room for at least one request')
    this.#limit = limit
    this.#onChange = onChange
  }

  get activity(): ApiActivity {
    return { requests: this.#slots.size }
  }

  /** A slot for one request, or null when the queue is full. */
  enter(): QueueSlot | null {
    if (this.#slots.size >= this.#limit) return null
    const slot: QueueSlot = {
      abort: new AbortController(),
      leave: () => {
        if (this.#slots.delete(slot)) this.#onChange(this.activity)
      },
    }
    this.#slots.add(slot)
    this.#onChange(this.activity)
    return slot
  }

  /** Stops every request in flight (the window's Stop, or the server closing). */
  stopAll(): number {
    for (const slot of this.#slots) slot.abort.abort()
    return this.#slots.size
  }
}
