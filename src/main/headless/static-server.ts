import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { isOwnLoopbackHost } from './loopback'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** The same policy as the page's meta tag, sent as a header too so it holds before the HTML parses. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Serves the built renderer read-only. The page holds no data (the token travels in the URL
 * fragment, which browsers never send), so the only checks are the Host header and that a path
 * cannot climb out of the renderer folder, by `..` or by a symbolic link.
 */
export function createStaticHandler(rootDir: string, port: () => number) {
  const root = normalize(rootDir + sep)
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isOwnLoopbackHost(request.headers.host, port()))
      return send(response, 421, 'Misdirected request')
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'Method not allowed')
    const pathname = decodeSafely(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (pathname === null) return send(response, 400, 'Bad request')
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1)
    const file = normalize(join(root, relative))
    if (!file.startsWith(root)) return send(response, 403, 'Forbidden')
    const body = await readRegularFileUnder(rootDir, file)
    if (body === null) return send(response, 404, 'Not found')
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }
}

/**
 * The file's bytes if, with every symbolic link resolved, it is a regular file inside the root
 * (issue 10: a link in the renderer folder served whatever it pointed at); null otherwise. Opened
 * without blocking and checked on the handle, so a FIFO never holds a request open.
 */
async function readRegularFileUnder(rootDir: string, file: string): Promise<Buffer | null> {
  try {
    const realRoot = await realpath(rootDir)
    const real = await realpath(file)
    if (!real.startsWith(realRoot + sep)) return null
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      if (!(await handle.stat()).isFile()) return null
      return await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch {
    return null
  }
}

function decodeSafely(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname)
    return decoded.includes('\0') ? null : decoded
  } catch {
    return null
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  })
  response.end(text)
}
