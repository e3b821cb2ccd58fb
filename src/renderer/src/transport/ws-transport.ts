import { WireServerMessageSchema, type WireInvoke } from '../../../shared/contract/wire'
import { err } from '../../../shared/contract/result'
import { ListenerMap, type Transport } from './transport'

/** The part of the browser's WebSocket this transport uses, so tests can inject a fake class. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
}

type WebSocketConstructor = new (url: string) => WebSocketLike

export interface WsTransportOptions {
  url: string
  /** Defaults to the browser's WebSocket. */
  WebSocketImpl?: WebSocketConstructor
  /** Delay before reconnect attempt `attempt` (1-based). */
  backoffMs?: (attempt: number) => number
}

/** A transport that can also be shut down (tests, page unload). */
export interface ClosableTransport extends Transport {
  close(): void
}

// WebSocket.OPEN; the fake in tests uses the same number.
const OPEN = 1

/** 250 ms, 500 ms, 1 s, 2 s, then every 4 s: quick after a blip, gentle while Hearth is down. */
export function defaultBackoff(attempt: number): number {
  return Math.min(4000, 250 * 2 ** Math.max(0, attempt - 1))
}

/**
 * The headless transport: one WebSocket carrying the contract as JSON frames (see wire.ts). Invokes
 * made while disconnected wait for the next connection; invokes already sent when the socket drops
 * are answered with an error Result, because main may or may not have run them and re-sending a
 * `chat.send` could post a message twice.
 */
export function createWsTransport(options: WsTransportOptions): ClosableTransport {
  const WebSocketImpl = options.WebSocketImpl ?? (globalThis.WebSocket as WebSocketConstructor)
  const backoff = options.backoffMs ?? defaultBackoff
  const events = new ListenerMap<unknown>()
  const reconnectListeners = new Set<() => void>()
  const connectionListeners = new Set<(connected: boolean) => void>()
  const sent = new Map<number, (result: unknown) => void>()
  const queued: { frame: WireInvoke; resolve: (result: unknown) => void }[] = []
  let nextId = 0
  let socket: WebSocketLike | null = null
  let everOpened = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  function connect(): void {
    const ws = new WebSocketImpl(options.url)
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      attempt = 0
      const isReconnect = everOpened
      everOpened = true
      for (const listener of [...connectionListeners]) listener(true)
      for (const item of queued.splice(0)) sendFrame(ws, item.frame, item.resolve)
      if (isReconnect) for (const listener of [...reconnectListeners]) listener()
    }
    ws.onmessage = (event) => {
      if (socket === ws) receive(event.data)
    }
    // Browsers fire error then close; close alone drives the reconnect so it happens once.
    ws.onerror = () => {}
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      failSent()
      if (everOpened) for (const listener of [...connectionListeners]) listener(false)
      scheduleReconnect()
    }
  }

  function scheduleReconnect(): void {
    if (closed || timer !== null) return
    attempt += 1
    timer = setTimeout(() => {
      timer = null
      if (!closed) connect()
    }, backoff(attempt))
  }

  function sendFrame(ws: WebSocketLike, frame: WireInvoke, resolve: (r: unknown) => void): void {
    sent.set(frame.id, resolve)
    ws.send(JSON.stringify(frame))
  }

  function failSent(): void {
    const waiting = [...sent.values()]
    sent.clear()
    for (const resolve of waiting) {
      resolve(
        err(
          'INTERNAL',
          'Lost the connection to Hearth before it answered. Check that Hearth is still running, then try again.',
        ),
      )
    }
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      console.warn('Hearth: ignoring a WebSocket frame that is not JSON')
      return
    }
    const parsed = WireServerMessageSchema.safeParse(json)
    if (!parsed.success) {
      console.warn('Hearth: ignoring a WebSocket frame outside the wire protocol', parsed.error)
      return
    }
    const message = parsed.data
    if (message.type === 'result') {
      const resolve = sent.get(message.id)
      if (!resolve) return
      sent.delete(message.id)
      resolve(message.result)
    } else {
      events.emit(message.channel, message.payload)
    }
  }

  connect()

  return {
    invoke(channel, input) {
      return new Promise<unknown>((resolve) => {
        const frame: WireInvoke = { type: 'invoke', id: nextId++, channel, input }
        if (socket && socket.readyState === OPEN) sendFrame(socket, frame, resolve)
        else queued.push({ frame, resolve })
      })
    },
    on: (channel, listener) => events.add(channel, listener),
    onReconnect(listener) {
      reconnectListeners.add(listener)
      return () => reconnectListeners.delete(listener)
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener)
      return () => connectionListeners.delete(listener)
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
      const ws = socket
      socket = null
      ws?.close()
      failSent()
    },
  }
}
