/** The only host the headless server binds to. */
export const LOOPBACK_HOST = '127.0.0.1'

/**
 * True when a Host or Origin names this server on loopback. Checking Host stops DNS rebinding (a
 * page on evil.example resolving to 127.0.0.1); checking Origin stops other local pages and sites.
 */
export function isOwnLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK_HOST}:${port}` || host === `localhost:${port}`
}

export function isOwnLoopbackOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://${LOOPBACK_HOST}:${port}` || origin === `http://localhost:${port}`
}
