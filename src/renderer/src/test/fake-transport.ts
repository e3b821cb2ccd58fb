import { ListenerMap, type Transport } from '../transport/transport'

/** One recorded invoke. */
export interface InvokeCall {
  channel: string
  input: unknown
}

type Responder = (input: unknown) => unknown

/**
 * A transport for unit tests: answers invokes from per-channel responders (raw Result objects, so
 * malformed answers can be tested too), records the calls, and lets a test push events and
 * reconnects.
 */
export class FakeTransport implements Transport {
  readonly calls: InvokeCall[] = []
  readonly #responders = new Map<string, Responder>()
  readonly #events = new ListenerMap<unknown>()
  readonly #reconnect = new Set<() => void>()
  readonly #connection = new Set<(connected: boolean) => void>()

  /** Answers `channel` with `respond(input)` (a value or a promise of one). */
  respond(channel: string, respond: Responder): this {
    this.#responders.set(channel, respond)
    return this
  }

  invoke(channel: string, input: unknown): Promise<unknown> {
    this.calls.push({ channel, input })
    const responder = this.#responders.get(channel)
    if (!responder) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INTERNAL', message: `no fake for ${channel}` },
      })
    }
    return Promise.resolve(responder(input))
  }

  on(channel: string, listener: (payload: unknown) => void): () => void {
    return this.#events.add(channel, listener)
  }

  onReconnect(listener: () => void): () => void {
    this.#reconnect.add(listener)
    return () => this.#reconnect.delete(listener)
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.#connection.add(listener)
    return () => this.#connection.delete(listener)
  }

  emit(channel: string, payload: unknown): void {
    this.#events.emit(channel, payload)
  }

  reconnect(): void {
    for (const listener of [...this.#connection]) listener(true)
    for (const listener of [...this.#reconnect]) listener()
  }

  disconnect(): void {
    for (const listener of [...this.#connection]) listener(false)
  }

  callsTo(channel: string): InvokeCall[] {
    return this.calls.filter((call) => call.channel === channel)
  }
}

/** A deferred promise, for answers a test releases later. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
