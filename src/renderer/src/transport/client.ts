import {
  events,
  requests,
  type EventChannel,
  type EventPayload,
  type RequestChannel,
  type RequestInput,
  type RequestOutput,
} from '../../../shared/contract/contract'
import { err, resultSchema, type Result } from '../../../shared/contract/result'
import { EngineProcessSchema } from '../../../shared/contract/schemas/engine-process'
import { createIpcTransport, findBridge } from './ipc-transport'
import { takeToken, webSocketUrl } from './token'
import type { Transport } from './transport'
import { createWsTransport } from './ws-transport'

/** The typed face of the contract that stores use; the same in Electron and headless mode. */
export interface HearthClient {
  /** Never throws: transport failures and malformed answers become error Results. */
  invoke<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<Result<RequestOutput<C>>>
  /** Only payloads that match the contract reach the listener. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * After anything that may have changed state behind this window's back: the WebSocket came back,
   * or the core's process was restarted after a crash. Stores reload what they show.
   */
  onReconnect(listener: () => void): () => void
  onConnectionChange(listener: (connected: boolean) => void): () => void
}

const MALFORMED_MESSAGE =
  'Hearth sent an answer this window does not understand. Restart Hearth; if it keeps happening, the details are in the developer console.'

/** Adds the contract's types and zod validation on top of an untyped transport. */
export function createClient(transport: Transport): HearthClient {
  return {
    async invoke<C extends RequestChannel>(
      channel: C,
      input: RequestInput<C>,
    ): Promise<Result<RequestOutput<C>>> {
      let raw: unknown
      try {
        raw = await transport.invoke(channel, input)
      } catch (cause) {
        console.error(`Hearth: ${channel} failed in the transport`, cause)
        return err(
          'INTERNAL',
          'Could not reach Hearth. Check that it is still running, then try again.',
        )
      }
      const parsed = resultSchema(requests[channel].output).safeParse(raw)
      if (!parsed.success) {
        console.error(`Hearth: malformed answer to ${channel}`, parsed.error, raw)
        return err('INTERNAL', MALFORMED_MESSAGE)
      }
      // zod's output for this channel's schema is RequestOutput<C> by definition.
      return parsed.data as Result<RequestOutput<C>>
    },
    on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void) {
      const schema = events[channel]
      return transport.on(channel, (payload) => {
        const parsed = schema.safeParse(payload)
        if (!parsed.success) {
          console.warn(`Hearth: ignoring a malformed ${channel} event`, parsed.error)
          return
        }
        listener(parsed.data as EventPayload<E>)
      })
    },
    onReconnect(listener) {
      const offTransport = transport.onReconnect(listener)
      // The supervisor says "running" only after a restart (the first start precedes every window).
      const offRestart = transport.on('app.engineProcess', (payload) => {
        if (EngineProcessSchema.safeParse(payload).data?.state === 'running') listener()
      })
      return () => {
        offTransport()
        offRestart()
      }
    },
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
  }
}

/** Why no transport could be built; shown to the user as is. */
const NO_TOKEN_MESSAGE = 'Open the address Hearth headless printed, including #token=...'

/**
 * Picks the transport once at start: the preload bridge inside Electron, the WebSocket of the
 * headless server otherwise. Returns an error Result when a headless page was opened without its
 * token.
 */
export function connectClient(): Result<HearthClient> {
  const bridge = findBridge()
  if (bridge) return { ok: true, value: createClient(createIpcTransport(bridge)) }
  const token = takeToken({
    location: window.location,
    history: window.history,
    storage: sessionStorage,
  })
  if (!token) return err('INVALID_INPUT', NO_TOKEN_MESSAGE)
  const transport = createWsTransport({ url: webSocketUrl(window.location, token) })
  return { ok: true, value: createClient(transport) }
}
