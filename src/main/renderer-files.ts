import { join, normalize, sep } from 'node:path'

/** A request path mapped onto the built renderer folder, or why it may not be served. */
export type RendererFile =
  { ok: true; file: string } | { ok: false; status: 400 | 403; text: string }

/**
 * Maps a URL's (still encoded) pathname to a file inside `rootDir`. `/` is the index page; a path
 * that decodes badly, holds a NUL byte or climbs out of the folder is refused. Both shells serve the
 * renderer through this: the headless HTTP server and the Electron app's `app://` protocol.
 */
export function resolveRendererFile(rootDir: string, pathname: string): RendererFile {
  const root = normalize(rootDir + sep)
  const decoded = decodeSafely(pathname)
  if (decoded === null) return { ok: false, status: 400, text: 'Bad request' }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = normalize(join(root, relative))
  if (!file.startsWith(root)) return { ok: false, status: 403, text: 'Forbidden' }
  return { ok: true, file }
}

function decodeSafely(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname)
    return decoded.includes('\0') ? null : decoded
  } catch {
    return null
  }
}
