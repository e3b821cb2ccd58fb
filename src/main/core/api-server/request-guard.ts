import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { ApiError } from './openai-errors'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Whether an Origin (or Host) names this machine's loopback: `http://127.0.0.1:3000`, `localhost`. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin)
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
    )
  } catch {
    return false
  }
}

function forbidden(message: string): ApiError {
  return { status: 403, type: 'permission_error', param: null, code: 'forbidden', message }
}

/**
 * Refuses what a web page could send: a non-loopback Origin (a site the user visits calling the
 * server from their browser) or Host (DNS rebinding: a site's name pointed at 127.0.0.1).
 * Programs that send neither header pass.
 */
export function checkOrigin(req: IncomingMessage): ApiError | null {
  const host = req.headers.host
  if (host !== undefined && !isLoopbackOrigin(`http://${host}`)) {
    return forbidden(
      `Hearth's API server answers only requests addressed to 127.0.0.1, not ${host}.`,
    )
  }
  const origin = req.headers.origin
  if (origin !== undefined && origin !== 'null' && !isLoopbackOrigin(origin)) {
    return forbidden(
      `Requests from web pages on ${origin} are refused: Hearth's API server serves programs on this computer.`,
    )
  }
  // A sandboxed page or a file:// page sends "null": it is not this machine's program either.
  if (origin === 'null') return forbidden('Requests from sandboxed or file:// pages are refused.')
  return null
}

/**
 * Checks `Authorization: Bearer <key>` against the key Hearth generated. Compared as SHA-256
 * digests in constant time, so neither the key's length nor its bytes leak through timing.
 */
export function checkApiKey(req: IncomingMessage, key: string | null): ApiError | null {
  const header = req.headers.authorization
  const given =
    header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length).trim() : null
  if (key !== null && given !== null && timingSafeEqual(digest(given), digest(key))) return null
  return {
    status: 401,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
    message:
      given === null
        ? 'No API key: send "Authorization: Bearer <key>" with the key shown in Hearth\'s Settings.'
        : "Incorrect API key: copy the key shown in Hearth's Settings (API server).",
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
