import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { z } from 'zod'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { WireInvokeSchema, type WireEvent, type WireResult } from '../../shared/contract/wire'
import { err } from '../../shared/contract/result'
import type { CoreEvents } from '../core/events'
import type { Dispatch } from '../core/rpc/dispatch'
import { isOwnLoopbackHost, isOwnLoopbackOrigin } from './loopback'
import { tokensMatch } from './token'

/** A prompt is at most 100,000 characters; 4 MiB leaves room for JSON escaping and nothing more. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024

export interface WsBridgeOptions {
  server: Server
  port: () => number
  token: string
  dispatch: Dispatch
  events: CoreEvents
}

/**
 * Carries the contract over a WebSocket at `/ws`: the same `dispatch` and the same core events as the
 * Electron IPC bridge. The upgrade needs the token and a loopback Origin and Host; anything else is
 * answered 401 and never upgraded.
 */
export function attachWsBridge({
  server,
  port,
  token,
  dispatch,
  events,
}: WsBridgeOptions): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isAllowedUpgrade(request, port(), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, dispatch))
  }
  server.on('upgrade', onUpgrade)

  const stopEvents = events.onAny((channel, payload) => {
    const frame = JSON.stringify({ type: 'event', channel, payload } satisfies WireEvent)
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame)
  })

  return () => {
    stopEvents()
    server.off('upgrade', onUpgrade)
    for (const client of wss.clients) client.terminate()
    wss.close()
  }
}

export function isAllowedUpgrade(request: IncomingMessage, port: number, token: string): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost')
  return (
    url.pathname === '/ws' &&
    isOwnLoopbackHost(request.headers.host, port) &&
    isOwnLoopbackOrigin(request.headers.origin, port) &&
    tokensMatch(token, url.searchParams.get('token'))
  )
}

function serve(ws: WebSocket, dispatch: Dispatch): void {
  ws.on('message', (data: RawData, isBinary: boolean) => {
    void answer(ws, dispatch, isBinary ? null : data.toString())
  })
  ws.on('error', () => ws.terminate())
}

async function answer(ws: WebSocket, dispatch: Dispatch, text: string | null): Promise<void> {
  const raw = parseJson(text)
  const frame = WireInvokeSchema.safeParse(raw)
  if (!frame.success) {
    // A frame with a usable id gets a typed error; without one there is nobody to answer.
    const id = FrameIdSchema.safeParse(raw)
    if (id.success)
      reply(ws, id.data.id, err('INVALID_INPUT', 'The message was not a valid Hearth request.'))
    return
  }
  reply(ws, frame.data.id, await dispatch(frame.data.channel, frame.data.input))
}

const FrameIdSchema = z.object({ id: z.number().int().nonnegative() })

function reply(ws: WebSocket, id: number, result: unknown): void {
  if (ws.readyState !== ws.OPEN) return
  ws.send(JSON.stringify({ type: 'result', id, result } satisfies WireResult))
}

function parseJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
