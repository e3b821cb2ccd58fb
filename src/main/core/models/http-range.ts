import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { request } from 'undici'

/** One HTTP request; the token goes only to `tokenOrigin` (the Hugging Face endpoint). */
export interface HttpRequestOptions {
  method: 'GET' | 'HEAD'
  headers?: Record<string, string>
  /** Sent as `Authorization: Bearer` to `tokenOrigin` only, never to a CDN on another host. */
  token?: string | null
  tokenOrigin: string
  /** Follow 301/302/303/307/308 (default true, at most `maxRedirects`). */
  followRedirects?: boolean
  maxRedirects?: number
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The URL that answered (after redirects). */
  url: string
  /** The body stream; the caller must consume or destroy it. */
  body: Readable
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Headers that must not follow a redirect to another origin. */
export function headersFor(
  url: URL,
  opts: Pick<HttpRequestOptions, 'headers' | 'token' | 'tokenOrigin'>,
): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'Hearth', ...opts.headers }
  if (opts.token && url.origin === opts.tokenOrigin) headers.authorization = `Bearer ${opts.token}`
  return headers
}

/**
 * Large body reads: undici hands the socket's data on in chunks up to this size, so a model file
 * streams to disk and the hashing worker in few, big pieces.
 */
const BODY_HIGH_WATER_MARK = 4 * 1024 * 1024

/**
 * One hop with undici (Node's own HTTP engine, maintained with it): far less CPU per byte than
 * node:http at loopback speed, and no redirect following of its own.
 */
async function hopOnce(url: URL, opts: HttpRequestOptions): Promise<Omit<HttpResponse, 'url'>> {
  const res = await request(url, {
    method: opts.method,
    headers: headersFor(url, opts),
    signal: opts.signal,
    highWaterMark: BODY_HIGH_WATER_MARK,
  })
  // A body nobody reads (an error answer, a redirect) still errors when the download is aborted;
  // whoever reads it sees errors through their own read, so the event itself needs no handler.
  res.body.on('error', () => undefined)
  return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body: res.body }
}

/**
 * Make a request, following redirects by hand so that the Authorization
 * header is dropped when a redirect leaves the endpoint's origin (HF's CDN host changes; it must
 * never see the user's token) and so that Range/If-Range ride along to the CDN.
 */
export async function httpRequest(url: string, opts: HttpRequestOptions): Promise<HttpResponse> {
  return followRedirects(url, opts, async (current) => {
    const res = await hopOnce(current, opts)
    return { ...res, drop: () => void res.body.resume() }
  })
}

/** One hop's answer as the redirect loop needs it: `drop` discards a redirect's body. */
export interface Hop {
  status: number
  headers: IncomingHttpHeaders
  drop: () => void
}

/**
 * Run `hop` from `url` on, following redirects (at most `maxRedirects`, never from https down
 * to http). Returns the first answer that is not a redirect, with the URL that gave it.
 */
export async function followRedirects<T extends Hop>(
  url: string,
  opts: Pick<HttpRequestOptions, 'followRedirects' | 'maxRedirects'>,
  hop: (url: URL) => Promise<T>,
): Promise<T & { url: string }> {
  let current = new URL(url)
  if (current.protocol !== 'http:' && current.protocol !== 'https:') {
    throw new Error(`unsupported protocol ${current.protocol}`)
  }
  const max = opts.maxRedirects ?? 5
  for (let count = 0; ; count++) {
    const res = await hop(current)
    const location = res.headers.location
    if (opts.followRedirects === false || !REDIRECTS.has(res.status) || !location) {
      return { ...res, url: current.href }
    }
    res.drop()
    if (count >= max) throw new Error(`too many redirects from ${url}`)
    const next = new URL(location, current)
    // A redirect from https down to http would expose the signed URL and the bytes.
    if (
      next.protocol !== 'https:' &&
      !(next.protocol === 'http:' && current.protocol === 'http:')
    ) {
      throw new Error(`refusing redirect to ${next.protocol}`)
    }
    current = next
  }
}

/** Read a whole (small) body as text; used for JSON API answers. */
export async function readText(body: Readable, limitBytes = 8 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    const buf = chunk as Buffer
    total += buf.length
    if (total > limitBytes) {
      body.destroy()
      throw new Error('response too large')
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export interface ContentRange {
  start: number
  end: number
  size: number | null
}

/** Parse `Content-Range: bytes 100-199/1000` (or `bytes 100-199/*`). */
export function parseContentRange(value: string | undefined): ContentRange | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '')
  if (!m) return null
  return { start: Number(m[1]), end: Number(m[2]), size: m[3] === '*' ? null : Number(m[3]) }
}

/** An ETag usable in If-Range: strong only (RFC 9110 §13.1.5), with its quotes. */
export function strongEtag(value: string | undefined): string | null {
  if (!value || value.startsWith('W/')) return null
  return value.trim()
}

/** `"abc"` → `abc`. */
export function unquote(value: string | undefined): string | null {
  if (value === undefined) return null
  return value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1')
}
