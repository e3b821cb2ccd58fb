import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
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

/**
 * A resolved renderer file's bytes if, with every symbolic link resolved, it is a regular file
 * inside the root (issue 10: a link in the renderer folder served whatever it pointed at); null
 * otherwise. Opened without blocking and checked on the handle, so a FIFO never holds a request.
 */
export async function readRendererFile(rootDir: string, file: string): Promise<Buffer | null> {
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
