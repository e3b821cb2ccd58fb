import { WebSocket } from 'ws'
import type { HeadlessServer } from '../src/main/headless/server'
import { WireServerMessageSchema } from '../src/shared/contract/wire'

/** One answer frame as the client received it: its size on the wire and the parsed result. */
export interface Answer {
  bytes: number
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } }
}

/**
 * A WebSocket client for tests and benchmarks: it speaks the wire protocol the renderer's
 * ws-transport speaks (token in the URL, loopback Origin) and matches answers to requests by id.
 */
export class WsTestClient {
  readonly ws: WebSocket
  readonly #waiting = new Map<number, (answer: Answer) => void>()
  readonly #eventWaiters = new Map<string, ((payload: unknown) => void)[]>()
  #nextId = 1
  /** Called with every answer as it arrives (tests sample memory here). */
  onAnswer: (answer: Answer) => void = () => undefined

  private constructor(ws: WebSocket) {
    this.ws = ws
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return
      const frame = WireServerMessageSchema.parse(JSON.parse(data.toString()))
      if (frame.type === 'event') {
        const waiters = this.#eventWaiters.get(frame.channel) ?? []
        this.#eventWaiters.delete(frame.channel)
        for (const resolve of waiters) resolve(frame.payload)
        return
      }
      const answer = { bytes: data.length, result: frame.result as Answer['result'] }
      this.onAnswer(answer)
      this.#waiting.get(frame.id)?.(answer)
      this.#waiting.delete(frame.id)
    })
  }

  /** Connects to a headless server with its token, as the page would. */
  static async connect(server: Pick<HeadlessServer, 'port' | 'token'>): Promise<WsTestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new WsTestClient(ws)
  }

  /** Sends one request and resolves with its answer. */
  invoke(channel: string, input: unknown): Promise<Answer> {
    const id = this.#nextId++
    const answered = this.waitFor(id)
    this.ws.send(JSON.stringify({ type: 'invoke', id, channel, input }))
    return answered
  }

  /** Resolves with the answer to `id` (for frames sent by hand). */
  waitFor(id: number): Promise<Answer> {
    return new Promise((resolve) => this.#waiting.set(id, resolve))
  }

  /**
   * Resolves with the payload of the next `channel` event. Call it before the request that causes
   * the event, so an event that arrives at once is not missed.
   */
  nextEvent(channel: string): Promise<unknown> {
    return new Promise((resolve) => {
      this.#eventWaiters.set(channel, [...(this.#eventWaiters.get(channel) ?? []), resolve])
    })
  }

  /** Resolves when the server closes the connection (or it fails), with the close code. */
  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(1006)
    return new Promise((resolve) => this.ws.once('close', (code: number) => resolve(code)))
  }

  close(): void {
    this.ws.terminate()
  }
}
