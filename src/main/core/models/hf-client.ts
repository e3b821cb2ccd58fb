import { z } from 'zod'
import type { AppError } from '../../../shared/contract/errors'
import { directGet, type DirectResponse } from './http-direct'
import { followRedirects, headersFor, httpRequest, readText, unquote } from './http-range'

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co'

/** A failure that may pass (network, 5xx, 429) is `retryable`; 401/403/404 are not. */
export type RemoteResult<T> =
  { ok: true; value: T } | { ok: false; error: AppError; retryable: boolean }

export function remoteErr<T>(message: string, retryable: boolean): RemoteResult<T> {
  return { ok: false, error: { code: 'DOWNLOAD_FAILED', message }, retryable }
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

export interface HfClientOptions {
  endpoint?: string | null
  /** A Hugging Face access token for gated repos. Never logged, never sent off the endpoint. */
  token?: string | null
}

/** What Hugging Face says about one file, read at download time. */
export interface RemoteFileInfo {
  repo: string
  file: string
  /** The `resolve/main` URL; its redirect target (the CDN) is followed afresh on every request. */
  url: string
  size: number
  /** Lower-case hex, from the tree API's `lfs.oid` or `X-Linked-Etag`. */
  sha256: string
  etag: string | null
  commit: string | null
}

const TreeSchema = z.array(
  z.object({
    type: z.string(),
    path: z.string(),
    size: z.number().int().nonnegative(),
    lfs: z.object({ oid: z.string(), size: z.number().int().nonnegative() }).optional(),
  }),
)

const SHA256 = /^[0-9a-f]{64}$/

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

function statusError<T>(status: number, repo: string, file: string): RemoteResult<T> {
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
    )
  }
  return remoteErr(`Hugging Face answered HTTP ${status} for ${file}.`, false)
}

/** Reads file sizes and hashes from a Hugging Face endpoint (or the fake one in tests). */
export class HfClient {
  readonly endpoint: string
  readonly #token: string | null
  readonly #origin: string

  constructor(options: HfClientOptions = {}) {
    this.endpoint = resolveHfEndpoint(options.endpoint)
    this.#origin = new URL(this.endpoint).origin
    this.#token = options.token?.trim() || null
  }

  /** `{endpoint}/{repo}/resolve/{revision}/{file}`. */
  resolveUrl(repo: string, file: string, revision = 'main'): string {
    return `${this.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`
  }

  /** GET with the token scoped to the endpoint's origin (redirects elsewhere drop it). */
  get(url: string, headers: Record<string, string>, signal?: AbortSignal) {
    return httpRequest(url, {
      method: 'GET',
      headers,
      token: this.#token,
      tokenOrigin: this.#origin,
      signal,
    })
  }

  /**
   * GET a model file's bytes (following redirects to the CDN, the token scoped as in `get`):
   * the body streams straight into a sink. The caller starts or destroys `body`.
   */
  download(
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<DirectResponse & { url: string }> {
    const scope = { headers, token: this.#token, tokenOrigin: this.#origin }
    return followRedirects(url, {}, async (current) => {
      const res = await directGet(current, {
        headers: headersFor(current, scope),
        signal,
      })
      return { ...res, drop: () => res.body.destroy() }
    })
  }

  /** Size, sha256, ETag and commit of one file, from the tree API and a HEAD on `resolve`. */
  async fileInfo(
    repo: string,
    file: string,
    signal?: AbortSignal,
  ): Promise<RemoteResult<RemoteFileInfo>> {
    try {
      const url = this.resolveUrl(repo, file)
      const head = await httpRequest(url, {
        method: 'HEAD',
        token: this.#token,
        tokenOrigin: this.#origin,
        followRedirects: false,
        signal,
      })
      head.body.resume()
      if (head.status >= 400) return statusError(head.status, repo, file)
      const linkedSize = Number(head.headers['x-linked-size'] ?? head.headers['content-length'])
      const linkedEtag = unquote(firstHeader(head.headers['x-linked-etag']))?.toLowerCase() ?? null
      const etag = firstHeader(head.headers['etag']) ?? null
      const commit = firstHeader(head.headers['x-repo-commit']) ?? null

      const tree = await this.#treeEntry(repo, file, signal)
      if (!tree.ok) return tree
      const sha256 =
        tree.value?.sha256 ?? (linkedEtag && SHA256.test(linkedEtag) ? linkedEtag : null)
      const size = tree.value?.size ?? (Number.isFinite(linkedSize) ? linkedSize : null)
      if (!sha256 || size === null) {
        return remoteErr(
          `Hugging Face gives no checksum for ${file}, so Hearth cannot verify it. Pick another file.`,
          false,
        )
      }
      return { ok: true, value: { repo, file, url, size, sha256, etag, commit } }
    } catch (e) {
      if (signal?.aborted) throw e
      return remoteErr(
        `Could not reach Hugging Face (${errorText(e)}). Check your connection.`,
        true,
      )
    }
  }

  async #treeEntry(
    repo: string,
    file: string,
    signal?: AbortSignal,
  ): Promise<RemoteResult<{ size: number; sha256: string } | null>> {
    const slash = file.lastIndexOf('/')
    const dir = slash === -1 ? '' : `/${encodePath(file.slice(0, slash))}`
    const res = await this.get(`${this.endpoint}/api/models/${repo}/tree/main${dir}`, {}, signal)
    if (res.status >= 400) {
      res.body.resume()
      return statusError(res.status, repo, file)
    }
    const parsed = TreeSchema.safeParse(JSON.parse(await readText(res.body)))
    if (!parsed.success) return remoteErr('Hugging Face sent a file list Hearth cannot read.', true)
    const entry = parsed.data.find((e) => e.path === file)
    if (!entry) return remoteErr(`Hugging Face has no file ${file} in ${repo}.`, false)
    const oid = entry.lfs?.oid.toLowerCase()
    return {
      ok: true,
      value: oid && SHA256.test(oid) ? { size: entry.lfs?.size ?? entry.size, sha256: oid } : null,
    }
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** A short technical reason for logs and messages (never includes headers or tokens). */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code
    return code ? `${code}` : e.message
  }
  return String(e)
}
