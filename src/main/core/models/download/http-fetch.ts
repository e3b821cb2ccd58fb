/**
 * The one HTTP interface the download pipeline sees: a fetch with manual redirects. The Electron
 * shell passes Electron's `net.fetch` (Chromium's stack: system proxy, PAC, the OS certificate
 * store); headless mode and tests pass `createNodeFetch` (undici with `EnvHttpProxyAgent`). The
 * pipeline never knows which.
 */
interface HttpRequestInit {
  method: 'GET' | 'HEAD'
  headers: Record<string, string>
  /** Always manual: redirects are followed here, so the token never leaves the hub's origin. */
  redirect: 'manual'
  signal?: AbortSignal
}

/**
 * The part of a fetch `Response` the pipeline reads. The body is a web stream (`net.fetch`) or a
 * Node stream (undici's `request`): both are async iterables of bytes.
 */
export interface HttpAnswer {
  status: number
  headers: { get(name: string): string | null }
  body: (AsyncIterable<Uint8Array> & ({ cancel(): Promise<void> } | { destroy(): void })) | null
}

export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpAnswer>

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Drop a body nobody needs (a redirect, an error answer), ignoring its errors. */
export function discard(answer: HttpAnswer): void {
  const body = answer.body
  if (body === null) return
  if ('cancel' in body) body.cancel().catch(() => undefined)
  else body.destroy()
}

export interface FollowOptions {
  fetch: HttpFetch
  method: 'GET' | 'HEAD'
  headers: Record<string, string>
  /** Sent as `Authorization: Bearer` to `tokenOrigin` only, never to a CDN on another host. */
  token: string | null
  tokenOrigin: string
  signal?: AbortSignal
  follow?: boolean
  /** Asked about the first answer before following it: false stops there (a version changed). */
  accept?: (first: HttpAnswer['headers']) => boolean
}

/** An answer and every hop's headers (the hub's `X-Linked-Etag` rides on the first one). */
export interface Followed {
  answer: HttpAnswer
  url: string
  first: HttpAnswer['headers']
}

/**
 * Request `url`, following up to 5 redirects by hand: the Authorization header goes only to the
 * endpoint's origin, Range and If-Range ride along to the CDN, and https never drops to http.
 */
export async function followRedirects(url: string, opts: FollowOptions): Promise<Followed> {
  let current = new URL(url)
  let first: HttpAnswer['headers'] | null = null
  for (let hops = 0; ; hops++) {
    if (current.protocol !== 'https:' && current.protocol !== 'http:') {
      throw new Error(`refusing redirect to ${current.protocol}`)
    }
    const headers: Record<string, string> = { 'user-agent': 'Hearth', ...opts.headers }
    if (opts.token && current.origin === opts.tokenOrigin) {
      headers.authorization = `Bearer ${opts.token}`
    }
    const answer = await opts.fetch(current.href, {
      method: opts.method,
      headers,
      redirect: 'manual',
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    const stop = first === null && opts.accept?.(answer.headers) === false
    first ??= answer.headers
    const location = answer.headers.get('location')
    if (stop || opts.follow === false || !REDIRECTS.has(answer.status) || !location) {
      return { answer, url: current.href, first }
    }
    discard(answer)
    if (hops >= 5) throw new Error(`too many redirects from ${url}`)
    const next = new URL(location, current)
    // A signed CDN URL sent in clear text would expose the bytes and the signature.
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw new Error(`refusing redirect to ${next.protocol}`)
    }
    current = next
  }
}

/** Read a whole (small) body as text: JSON answers of the hub's API. */
export async function readText(answer: HttpAnswer, limitBytes = 8 * 1024 * 1024): Promise<string> {
  const chunks: Uint8Array[] = []
  let total = 0
  if (answer.body === null) return ''
  for await (const chunk of answer.body) {
    total += chunk.length
    if (total > limitBytes) {
      discard(answer)
      throw new Error('response too large')
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A proxy that cannot be reached or refused: the message names it, for the user to check. */
export class ProxyError extends Error {
  readonly proxy: string

  constructor(proxy: string, reason: string) {
    super(`the proxy ${proxy} ${reason}`)
    this.proxy = proxy
  }
}

/** A short technical reason for logs and messages (never includes headers or tokens). */
export function errorText(e: unknown): string {
  if (e instanceof ProxyError) return e.message
  if (e instanceof Error) {
    // Chromium's errors (Electron's net.fetch) name the proxy's failure but not the proxy.
    if (/ERR_PROXY|ERR_TUNNEL/.test(e.message)) return `the proxy failed (${e.message})`
    const cause = (e as { cause?: unknown }).cause
    const code =
      (e as NodeJS.ErrnoException).code ?? (cause as NodeJS.ErrnoException | undefined)?.code
    if (code) return code
    return cause instanceof Error ? cause.message : e.message
  }
  return String(e)
}
