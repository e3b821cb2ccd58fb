import type { RawData, WebSocket } from 'ws'
import { z } from 'zod'
import { err, type Result } from '../../shared/contract/result'
import { WireInvokeSchema, type WireResult } from '../../shared/contract/wire'
import { checkRequest, type Dispatch } from '../core/rpc/dispatch'

/** The limits one WebSocket connection lives within (issue 10: a fuzzer took the process to 2 GB). */
export interface ConnectionLimits {
  /** Requests a connection may have unanswered; more are answered BUSY at once. */
  maxInFlight: number
  /** Bytes the server may hold unsent for one client; past this a slow client is disconnected. */
  maxBufferedBytes: number
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxInFlight: 32,
  maxBufferedBytes: 16 * 1024 * 1024,
}

const FrameIdSchema = z.object({ id: z.number().int().nonnegative() })

/** Searches are answered latest-first: a newer search from the same connection replaces a waiting one. */
const SEARCH_CHANNEL = 'conversations.search'

/**
 * Sends `text` unless the client has let more than the bound pile up unread; then the client is
 * disconnected (terminated: a close frame would only queue behind what it does not read), so the
 * process never buffers without bound for it. One answer larger than the bound (a big export)
 * still goes to a client that keeps up.
 */
export function sendBounded(ws: WebSocket, text: string, limits: ConnectionLimits): void {
  if (ws.readyState !== ws.OPEN) return
  if (ws.bufferedAmount > limits.maxBufferedBytes) {
    ws.terminate()
    return
  }
  ws.send(text)
}

/**
 * Serves one connection: parses each text frame, answers binary and malformed ones with a typed
 * error, dispatches at most `maxInFlight` at a time (the rest are answered BUSY), and lets a newer
 * search cancel one still waiting to run. Answers go out as each request finishes.
 */
export function serveConnection(ws: WebSocket, dispatch: Dispatch, limits: ConnectionLimits): void {
  let inFlight = 0
  let waitingSearch: { id: number; timer: NodeJS.Immediate } | null = null
  const reply = (id: number, result: Result<unknown>) =>
    sendBounded(ws, JSON.stringify({ type: 'result', id, result } satisfies WireResult), limits)

  const run = (id: number, channel: string, input: unknown) => {
    inFlight++
    void dispatch(channel, input)
      .then((result) => reply(id, result))
      .finally(() => inFlight--)
  }

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const raw = parseJson(rawText(data))
    if (isBinary) {
      const id = FrameIdSchema.safeParse(raw)
      if (id.success) {
        reply(
          id.data.id,
          err('INVALID_INPUT', 'Hearth takes requests as text frames, not binary ones.'),
        )
      }
      return
    }
    const frame = WireInvokeSchema.safeParse(raw)
    if (!frame.success) {
      // A frame with a usable id gets a typed error; without one there is nobody to answer.
      const id = FrameIdSchema.safeParse(raw)
      if (id.success)
        reply(id.data.id, err('INVALID_INPUT', 'The message was not a valid Hearth request.'))
      return
    }
    const { id, channel, input } = frame.data
    // What the contract refuses is answered here and never crosses to the core's process.
    const checked = checkRequest(channel, input)
    if (!checked.ok) {
      reply(id, checked)
      return
    }
    if (inFlight >= limits.maxInFlight) {
      reply(
        id,
        err(
          'BUSY',
          'Too many requests at once: Hearth answers this one when earlier ones finish. Try again.',
        ),
      )
      return
    }
    if (channel !== SEARCH_CHANNEL) {
      run(id, channel, input)
      return
    }
    // A search waits one turn of the event loop, so a burst of keystrokes runs only the last.
    if (waitingSearch !== null) {
      clearImmediate(waitingSearch.timer)
      inFlight--
      reply(waitingSearch.id, err('CANCELLED', 'A newer search replaced this one.'))
    }
    inFlight++
    const timer = setImmediate(() => {
      waitingSearch = null
      inFlight--
      run(id, channel, input)
    })
    waitingSearch = { id, timer }
  })
  ws.on('close', () => {
    if (waitingSearch !== null) clearImmediate(waitingSearch.timer)
    waitingSearch = null
  })
  ws.on('error', () => ws.terminate())
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString()
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString()
  return data.toString()
}

/**
 * No request in the contract nests deeper than a handful of levels (a saved preset in settings is
 * the deepest, at 4). Parsing 100,000 nested `[` still builds 100,000 arrays and grows the heap
 * for good (issue 10's fuzz), so deeper frames are refused by a scan before `JSON.parse`.
 */
const MAX_JSON_DEPTH = 32

/** Whether `text`'s brackets (outside strings) nest at most `max` deep; one linear pass. */
function nestsWithin(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c)
        i++ // a backslash: the next character is escaped
      else if (code === 0x22) inString = false
    } else if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return false
    } else if (code === 0x5d || code === 0x7d) depth--
  }
  return true
}

function parseJson(text: string): unknown {
  if (!nestsWithin(text, MAX_JSON_DEPTH)) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
