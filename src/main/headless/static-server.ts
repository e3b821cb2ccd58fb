import type { IncomingMessage, ServerResponse } from 'node:http'
import { contentTypeFor, RENDERER_SECURITY_HEADERS } from '../../shared/web-content'
import { readRendererFile, resolveRendererFile } from '../renderer-files'
import { isOwnLoopbackHost } from './loopback'

/**
 * Serves the built renderer read-only. The page holds no data (the token travels in the URL
 * fragment, which browsers never send), so the only checks are the Host header and that a path
 * cannot climb out of the renderer folder, by `..` or by a symbolic link.
 */
export function createStaticHandler(rootDir: string, port: () => number) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isOwnLoopbackHost(request.headers.host, port())) {
      send(response, 421, 'Misdirected request')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed')
      return
    }
    const target = resolveRendererFile(
      rootDir,
      new URL(request.url ?? '/', 'http://localhost').pathname,
    )
    if (!target.ok) {
      send(response, target.status, target.text)
      return
    }
    const { file } = target
    const body = await readRendererFile(rootDir, file)
    if (body === null) {
      send(response, 404, 'Not found')
      return
    }
    response.writeHead(200, {
      ...RENDERER_SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Length': body.length,
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  })
  response.end(text)
}
