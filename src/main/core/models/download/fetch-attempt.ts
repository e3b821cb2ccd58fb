import { err, type Result } from '../../../../shared/contract/result'
import { streamBodyIntoPart } from './body-to-part'
import { discard, errorText, type HttpAnswer } from './http-fetch'
import { linkedOf, retryAfterMs, type HubClient, type RemoteFileInfo } from './hub-client'
import type { PartFile } from './part-file'
import { writeSidecar, type Sidecar } from './sidecar'

/** How one request for the file's bytes ended. */
export type Attempt =
  | { kind: 'progress' }
  | { kind: 'retry'; reason: string; waitMs?: number }
  | { kind: 'restart'; reason: string }
  | { kind: 'fail'; result: Result<never> }

export interface AttemptContext {
  hub: HubClient
  stallTimeoutMs: number
  signal: AbortSignal
  onBytes: (pos: number) => void
}

function parseContentRange(value: string | null): { start: number; size: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '')
  if (!m) return null
  return { start: Number(m[1]), size: m[3] === '*' ? null : Number(m[3]) }
}

const sameVersion = (linked: string | null, expected: string): boolean =>
  linked === null || linked === expected

/**
 * One GET of the file from `part.pos` on (Range alone: the hub's sha256 on this very resolve, the
 * Content-Range and the final hash guard against splicing two versions), streamed into the part.
 */
export async function fetchAttempt(
  info: RemoteFileInfo,
  side: Sidecar,
  dest: string,
  part: PartFile,
  ctx: AttemptContext,
): Promise<Attempt> {
  const stall = new AbortController()
  const signal = AbortSignal.any([ctx.signal, stall.signal])
  const headers: Record<string, string> = part.pos > 0 ? { range: `bytes=${part.pos}-` } : {}
  let followed
  try {
    // The hub names the sha256 its redirect leads to: another one is a new version, not worth a
    // request to the CDN.
    const accept = (first: HttpAnswer['headers']): boolean =>
      sameVersion(linkedOf(first).sha256, info.sha256)
    followed = await ctx.hub.request(info.url, headers, signal, { method: 'GET', accept })
  } catch (e) {
    if (ctx.signal.aborted) throw e
    return { kind: 'retry', reason: errorText(e) }
  }
  const { answer, first } = followed
  const drop = (a: Attempt): Attempt => (discard(answer), a)
  const { status } = answer
  const linked = linkedOf(first).sha256
  if (!sameVersion(linked, info.sha256)) {
    return drop({ kind: 'restart', reason: 'a new version on the hub' })
  }
  if (status === 416) {
    return drop(part.pos === info.size ? { kind: 'progress' } : { kind: 'restart', reason: '416' })
  }
  if (status === 429 || status >= 500) {
    const waitMs = retryAfterMs(status, answer.headers.get('retry-after'))
    return drop({
      kind: 'retry',
      reason: `HTTP ${status}`,
      ...(waitMs === undefined ? {} : { waitMs }),
    })
  }
  if ((status !== 200 && status !== 206) || answer.body === null) {
    const message = `Hugging Face answered HTTP ${status} for ${side.file}. Try again later.`
    return drop({ kind: 'fail', result: err('DOWNLOAD_FAILED', message) })
  }
  // Without the hub's word (a mirror), the CDN's ETag is all that tells versions apart.
  const etag = answer.headers.get('etag')
  const strong = etag && !etag.startsWith('W/') ? etag : null
  if (linked === null && part.pos > 0 && side.etag !== null && strong !== side.etag) {
    return drop({ kind: 'restart', reason: `the ETag changed to ${strong ?? 'none'}` })
  }
  const length = Number(answer.headers.get('content-length') ?? NaN)
  if (status === 200) {
    if (Number.isFinite(length) && length !== info.size) {
      return drop({ kind: 'restart', reason: `size changed to ${length}` })
    }
    // A server that ignores Range sends the same file whole: take it from byte 0.
    if (part.pos > 0) await part.reset()
  } else {
    const range = parseContentRange(answer.headers.get('content-range'))
    if (!range || range.start !== part.pos || (range.size !== null && range.size !== info.size)) {
      return drop({
        kind: 'restart',
        reason: `unexpected range ${answer.headers.get('content-range')}`,
      })
    }
  }
  if (strong !== side.etag) {
    side.etag = strong
    await writeSidecar(dest, { ...side, verifiedBytes: part.pos })
  }
  const netError = await streamBodyIntoPart(answer, part, {
    stallTimeoutMs: ctx.stallTimeoutMs,
    stall,
    onBytes: ctx.onBytes,
  })
  if (ctx.signal.aborted) throw ctx.signal.reason
  if (part.pos > info.size) return { kind: 'restart', reason: 'more bytes than the file has' }
  if (netError)
    return { kind: 'retry', reason: stall.signal.aborted ? 'stalled' : errorText(netError) }
  if (part.pos < info.size) return { kind: 'retry', reason: 'connection closed early' }
  return { kind: 'progress' }
}
