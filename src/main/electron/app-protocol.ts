import { contentTypeFor, RENDERER_SECURITY_HEADERS } from '../../shared/web-content'
import { resolveRendererFile } from '../renderer-files'

/** The renderer's own scheme: a privileged standard scheme, so the page has a real origin. */
export const APP_SCHEME = 'app'
/** The one host `app://` answers for; any other is refused. */
export const APP_HOST = 'hearth'
/** The main window's page. The quick prompt is the same page at `#/quick`. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** What an `app://` request is answered with: a file of the renderer build, or an error status. */
export type AppProtocolAnswer =
  | { kind: 'file'; file: string; headers: Record<string, string> }
  | { kind: 'error'; status: number; text: string; headers: Record<string, string> }

/**
 * Decides how `app://` answers one request: only GET/HEAD, only host `hearth`, only files inside the
 * renderer build, and every answer (errors too) with the production CSP and the other security
 * headers, so no page of ours ever runs without the policy.
 */
export function answerAppRequest(
  method: string,
  url: string,
  rendererDir: string,
): AppProtocolAnswer {
  const error = (status: number, text: string): AppProtocolAnswer => ({
    kind: 'error',
    status,
    text,
    headers: { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  })
  if (method !== 'GET' && method !== 'HEAD') return error(405, 'Method not allowed')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return error(400, 'Bad request')
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return error(404, 'Not found')
  const target = resolveRendererFile(rendererDir, parsed.pathname)
  if (!target.ok) return error(target.status, target.text)
  return {
    kind: 'file',
    file: target.file,
    headers: { ...RENDERER_SECURITY_HEADERS, 'Content-Type': contentTypeFor(target.file) },
  }
}
