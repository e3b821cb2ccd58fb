import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CoreEvents } from '../core/events'
import type { Dispatch } from '../core/rpc/dispatch'
import { LOOPBACK_HOST } from './loopback'
import { createStaticHandler } from './static-server'
import { createToken } from './token'
import { attachWsBridge } from './ws-bridge'
import type { ConnectionLimits } from './ws-connection'

export interface HeadlessServer {
  readonly port: number
  readonly token: string
  /** The address to open, token in the fragment (never sent to the server). */
  readonly url: string
  close(): Promise<void>
}

/** Serves the built renderer and the contract's WebSocket on 127.0.0.1 only. */
export async function startHeadlessServer(options: {
  /** The core in this process, or the supervisor that stands in for it in its own process. */
  core: { dispatch: Dispatch; events: CoreEvents }
  rendererDir: string
  port: number
  token?: string
  /** The WebSocket's limits (tests make them small); the defaults otherwise. */
  limits?: Partial<ConnectionLimits>
  maxConnections?: number
}): Promise<HeadlessServer> {
  const token = options.token ?? createToken()
  let port = options.port
  const serveStatic = createStaticHandler(options.rendererDir, () => port)
  const server: Server = createServer((request, response) => void serveStatic(request, response))
  const detach = attachWsBridge({
    server,
    port: () => port,
    token,
    dispatch: options.core.dispatch,
    events: options.core.events,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, LOOPBACK_HOST, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    token,
    url: `http://${LOOPBACK_HOST}:${port}/#token=${token}`,
    close: async () => {
      detach()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
