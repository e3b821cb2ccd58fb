/**
 * What every response carrying the renderer says about itself, in both shells: the headless HTTP
 * server and the Electron app's `app://` protocol send the same policy and headers.
 */

/**
 * The production Content-Security-Policy: only the app's own files, no inline script or style, no
 * remote fonts, scripts or connections. `frame-ancestors` works only as a header, which is why it is
 * sent as one (the page's meta tag carries the rest for the dev server).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Headers sent with every file of the renderer. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
}

/** Content types of the files the renderer build contains, by extension. */
const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

/** The content type for a file name (`application/octet-stream` when unknown). */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  const extension = dot < 0 ? '' : fileName.slice(dot).toLowerCase()
  return RENDERER_CONTENT_TYPES[extension] ?? 'application/octet-stream'
}
