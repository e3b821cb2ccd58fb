import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { MAX_REQUEST_CHARS } from '../../shared/contract/limits'
import type { WireEvent } from '../../shared/contract/wire'
import type { CoreEvents } from '../core/events'
import type { Dispatch } from '../core/rpc/dispatch'
import { isOwnLoopbackHost, isOwnLoopbackOrigin } from './loopback'
import {
  DEFAULT_CONNECTION_LIMITS,
  sendBounded,
  serveConnection,
  type ConnectionLimits,
} from './ws-connection'
import { tokensMatch } from './token'

/**
 * The largest frame: the contract's largest request (MAX_REQUEST_CHARS, an import part) even if
 * every character were escaped as `\u00XX` in JSON, and nothing more.
 */
export const MAX_FRAME_BYTES = 6 * MAX_REQUEST_CHARS + 64 * 1024

/** Connections at once: the page, a quick-prompt tab and a few more; a flood is refused with 503. */
const MAX_CONNECTIONS = 16

export interface WsBridgeOptions {
  server: Server
  port: () => number
  token: string
  dispatch: Dispatch
  events: CoreEvents
  /** Per-connection limits (tests make them small). */
  limits?: Partial<ConnectionLimits>
  maxConnections?: number
}

/**
 * Carries the contract over a WebSocket at `/ws`: the same `dispatch` and the same core events as the
 * Electron IPC bridge. The upgrade needs the token and a loopback Origin and Host; anything else is
 * answered 401 and never upgraded. Each connection is bounded (ws-connection.ts): requests in
 * flight, bytes waiting to be sent, frame size; and there are at most `maxConnections` at once.
 */
export function attachWsBridge({
  server,
  port,
  token,
  dispatch,
  events,
  limits: limitOverrides = {},
  maxConnections = MAX_CONNECTIONS,
}: WsBridgeOptions): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...limitOverrides }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isAllowedUpgrade(request, port(), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (wss.clients.size >= maxConnections) {
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      )
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, dispatch, limits))
  }
  server.on('upgrade', onUpgrade)

  const stopEvents = events.onAny((channel, payload) => {
    const frame = JSON.stringify({ type: 'event', channel, payload } satisfies WireEvent)
    for (const client of wss.clients) sendBounded(client, frame, limits)
  })

  return () => {
    stopEvents()
    server.off('upgrade', onUpgrade)
    for (const client of wss.clients) client.terminate()
    wss.close()
  }
}

function isAllowedUpgrade(request: IncomingMessage, port: number, token: string): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost')
  return (
    url.pathname === '/ws' &&
    isOwnLoopbackHost(request.headers.host, port) &&
    isOwnLoopbackOrigin(request.headers.origin, port) &&
    tokensMatch(token, url.searchParams.get('token'))
  )
}
