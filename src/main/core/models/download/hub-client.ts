import { z } from 'zod'
import type { AppError } from '../../../../shared/contract/errors'
import {
  discard,
  errorText,
  ProxyError,
  followRedirects,
  readText,
  type FollowOptions,
  type Followed,
  type HttpFetch,
} from './http-fetch'

const DEFAULT_HF_ENDPOINT = 'https://huggingface.co'

/**
 * A failure that may pass (network, 5xx, 429) is `retryable`; 401/403/404 are not. `waitMs` is
 * the server's Retry-After, when it gave one.
 */
export type RemoteResult<T> =
  { ok: true; value: T } | { ok: false; error: AppError; retryable: boolean; waitMs?: number }

function remoteErr<T>(message: string, retryable: boolean, waitMs?: number): RemoteResult<T> {
  const error: AppError = { code: 'DOWNLOAD_FAILED', message }
  return waitMs === undefined
    ? { ok: false, error, retryable }
    : { ok: false, error, retryable, waitMs }
}

/** The endpoint: an explicit setting, else `HF_ENDPOINT`, else huggingface.co; no trailing `/`. */
export function resolveHfEndpoint(
  explicit?: string | null,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const raw = explicit?.trim() || env.HF_ENDPOINT?.trim() || DEFAULT_HF_ENDPOINT
  const url = new URL(raw)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`HF endpoint must be http(s): ${raw}`)
  }
  return url.href.replace(/\/+$/, '')
}

/** Where and as whom to download: read afresh when each download starts (settings apply at once). */
export interface HubAccess {
  endpoint?: string | null
  /** A Hugging Face access token for gated repos. Never logged, never sent off the endpoint. */
  token?: string | null
}

/** What Hugging Face says about one file, read when a download (re)starts. */
export interface RemoteFileInfo {
  /** The `resolve/main` URL; its redirect (the CDN) is followed afresh on every request. */
  url: string
  size: number
  /** Lower-case hex, from the tree API's `lfs.oid` or the HEAD's `X-Linked-Etag`. */
  sha256: string
  commit: string | null
}

/** What the hub said on one resolve: the sha256 of what its redirect leads to, when it said. */
export interface Linked {
  sha256: string | null
  size: number | null
}

const TreeSchema = z.array(
  z.object({
    path: z.string(),
    size: z.number().int().nonnegative(),
    lfs: z.object({ oid: z.string(), size: z.number().int().nonnegative() }).optional(),
  }),
)

const SHA256 = /^[0-9a-f]{64}$/
/** The longest wait a Retry-After may impose at once (the Hub's rate limits last minutes). */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000

const encodePath = (file: string): string => file.split('/').map(encodeURIComponent).join('/')

/** `Retry-After` in ms (seconds or an HTTP date), on 429 and 503 only. */
export function retryAfterMs(
  status: number,
  value: string | null,
  now = Date.now(),
): number | undefined {
  if ((status !== 429 && status !== 503) || !value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The hub's `X-Linked-Etag`/`X-Linked-Size` on a resolve answer (the sha256 of an LFS file). */
export function linkedOf(headers: Followed['first']): Linked {
  const etag = headers
    .get('x-linked-etag')
    ?.trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1')
  const size = Number(headers.get('x-linked-size') ?? NaN)
  return {
    sha256: etag && SHA256.test(etag.toLowerCase()) ? etag.toLowerCase() : null,
    size: Number.isFinite(size) ? size : null,
  }
}

function statusError<T>(
  status: number,
  repo: string,
  file: string,
  wait?: number,
): RemoteResult<T> {
  if (status === 401 || status === 403) {
    return remoteErr(
      `Hugging Face refused access to ${repo}. If the model is gated, accept its licence on ` +
        'huggingface.co and add an access token in Settings.',
      false,
    )
  }
  if (status === 404) return remoteErr(`Hugging Face has no file ${file} in ${repo}.`, false)
  if (status === 429 || status >= 500) {
    return remoteErr(
      `Hugging Face is not answering right now (HTTP ${status}). Try again later.`,
      true,
      wait,
    )
  }
  return remoteErr(`Hugging Face answered HTTP ${status} for ${file}.`, false)
}

/** Reads file sizes and hashes from a Hugging Face endpoint (or a mirror, or the fake in tests). */
export class HubClient {
  readonly endpoint: string
  readonly #token: string | null
  readonly #origin: string
  readonly #fetch: HttpFetch

  constructor(fetch: HttpFetch, access: HubAccess = {}) {
    this.#fetch = fetch
    this.endpoint = resolveHfEndpoint(access.endpoint)
    this.#origin = new URL(this.endpoint).origin
    this.#token = access.token?.trim() || null
  }

  /** A request with the token scoped to the endpoint's origin, following redirects. */
  request(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    more: Pick<FollowOptions, 'method' | 'follow' | 'accept'> = { method: 'GET' },
  ): Promise<Followed> {
    return followRedirects(url, {
      fetch: this.#fetch,
      headers,
      token: this.#token,
      tokenOrigin: this.#origin,
      signal,
      ...more,
    })
  }

  /**
   * Size, sha256 and commit of one file: the HEAD on `resolve/main` (401/404, `X-Linked-*`,
   * `X-Repo-Commit`), then the tree API, page by page. A mirror without the tree API is read
   * from the HEAD alone, as huggingface_hub does.
   */
  async fileInfo(
    repo: string,
    file: string,
    signal: AbortSignal,
  ): Promise<RemoteResult<RemoteFileInfo>> {
    const url = `${this.endpoint}/${repo}/resolve/main/${encodePath(file)}`
    try {
      const { answer } = await this.request(url, {}, signal, { method: 'HEAD', follow: false })
      discard(answer)
      const wait = retryAfterMs(answer.status, answer.headers.get('retry-after'))
      if (answer.status >= 400) return statusError(answer.status, repo, file, wait)
      const linked = linkedOf(answer.headers)
      const commit = answer.headers.get('x-repo-commit')
      const tree = await this.#treeEntry(repo, file, signal)
      if (!tree.ok) return tree
      const sha256 = tree.value?.sha256 ?? linked.sha256
      const size = tree.value?.size ?? linked.size
      if (!sha256 || size === null) {
        return remoteErr(
          `Hugging Face gives no checksum for ${file}, so Hearth cannot verify it. Pick another file.`,
          false,
        )
      }
      return { ok: true, value: { url, size, sha256, commit } }
    } catch (e) {
      if (signal.aborted) throw e
      const why = errorText(e)
      const message =
        e instanceof ProxyError
          ? `Could not reach Hugging Face: ${why}. Check your proxy settings.`
          : `Could not reach Hugging Face (${why}). Check your connection.`
      return remoteErr(message, true)
    }
  }

  /** The file's tree entry, following `Link: rel="next"`; null when the endpoint has no tree API. */
  async #treeEntry(
    repo: string,
    file: string,
    signal: AbortSignal,
  ): Promise<RemoteResult<{ size: number; sha256: string } | null>> {
    const slash = file.lastIndexOf('/')
    const dir = slash === -1 ? '' : `/${encodePath(file.slice(0, slash))}`
    let next: string | null = `${this.endpoint}/api/models/${repo}/tree/main${dir}`
    for (let pages = 0; next !== null && pages < 1000; pages++) {
      const { answer } = await this.request(next, {}, signal)
      // A mirror that only serves files (404, 405, 501): the HEAD's X-Linked-* are enough.
      if (answer.status === 404 || answer.status === 405 || answer.status === 501) {
        discard(answer)
        return { ok: true, value: null }
      }
      if (answer.status >= 400) {
        discard(answer)
        const wait = retryAfterMs(answer.status, answer.headers.get('retry-after'))
        return statusError(answer.status, repo, file, wait)
      }
      const parsed = TreeSchema.safeParse(JSON.parse(await readText(answer)))
      if (!parsed.success)
        return remoteErr('Hugging Face sent a file list Hearth cannot read.', true)
      const entry = parsed.data.find((e) => e.path === file)
      if (entry) {
        const oid = entry.lfs?.oid.toLowerCase()
        const found =
          oid && SHA256.test(oid) ? { size: entry.lfs?.size ?? entry.size, sha256: oid } : null
        return { ok: true, value: found }
      }
      next = nextLink(answer.headers.get('link'), next)
    }
    return remoteErr(`Hugging Face has no file ${file} in ${repo}.`, false)
  }
}

/** The `rel="next"` target of a Link header, resolved against the page it came with. */
export function nextLink(link: string | null, base: string): string | null {
  for (const part of link?.split(',') ?? []) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (m?.[1]) return new URL(m[1], base).href
  }
  return null
}
