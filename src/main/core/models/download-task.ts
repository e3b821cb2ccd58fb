import { createHash } from 'node:crypto'
import { mkdir, rename, stat, truncate, unlink } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { err, ok, type Result } from '../../../shared/contract/result'
import { diskFullMessage, type DiskFree } from './disk-space'
import { Sha256Worker } from './hash-worker'
import { errorText, type HfClient, type RemoteFileInfo, type RemoteResult } from './hf-client'
import type { DirectBody } from './http-direct'
import { parseContentRange, strongEtag } from './http-range'
import { resumableBytes, writeBody } from './part-writer'
import { hashFileInto } from './sha256'
import {
  markSettled,
  partBytesOnDisk,
  partPath,
  readSidecar,
  removePart,
  removeSidecar,
  writeSidecar,
  type Sidecar,
} from './sidecar'

/** Bounded retries with exponential backoff for dropped connections, 5xx and 429. */
export interface RetryPolicy {
  /** Consecutive failed attempts (without any new bytes) before giving up. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 }

/** How often the remote file may change under one download before we give up. */
const MAX_RESTARTS = 3

export interface TaskTarget {
  /** For messages: `LLaMA3-iterative-DPO-final Q4_K_M`. */
  name: string
  repo: string
  file: string
  /** Final path of the verified file. */
  dest: string
}

export interface TaskReport {
  phase: 'checking' | 'verifying' | 'downloading'
  bytesDone: number
  totalBytes: number | null
}

export interface TaskContext {
  hf: HfClient
  diskFree: DiskFree
  retry: RetryPolicy
  /** A connection with no bytes for this long is dropped and retried. */
  stallTimeoutMs: number
  signal: AbortSignal
  /** Called on every chunk: the caller throttles. */
  report: (r: TaskReport) => void
  log: (line: string) => void
}

export type TaskOutcome =
  | { kind: 'done'; path: string; size: number; sha256: string; resumedFrom: number }
  | { kind: 'aborted' }

type Attempt =
  | { kind: 'progress'; pos: number }
  | { kind: 'retry'; pos: number; reason: string }
  | { kind: 'restart'; reason: string }
  | { kind: 'complete' }
  | { kind: 'fail'; result: Result<never> }

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size
  } catch {
    return null
  }
}

function backoff(policy: RetryPolicy, failures: number): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1))
  return Math.round(base * (0.5 + Math.random() * 0.5))
}

/** Metadata with retries: the first request after a dropped network is likely to fail too. */
async function fileInfoWithRetry(
  t: TaskTarget,
  ctx: TaskContext,
): Promise<RemoteResult<RemoteFileInfo>> {
  for (let failures = 1; ; failures++) {
    const info = await ctx.hf.fileInfo(t.repo, t.file, ctx.signal)
    if (info.ok || !info.retryable || failures >= ctx.retry.maxAttempts) return info
    ctx.log(`download ${t.file}: metadata failed (${info.error.message}), retrying`)
    await sleep(backoff(ctx.retry, failures), undefined, { signal: ctx.signal })
  }
}

async function attempt(
  t: TaskTarget,
  info: RemoteFileInfo,
  side: Sidecar,
  hash: Sha256Worker,
  offset: number,
  ctx: TaskContext,
): Promise<Attempt> {
  const headers: Record<string, string> = {}
  if (offset > 0) {
    headers.range = `bytes=${offset}-`
    // If-Range: a changed file answers 200 with the new bytes instead of splicing two versions.
    if (side.etag) headers['if-range'] = side.etag
  }
  let res
  try {
    res = await ctx.hf.download(info.url, headers, ctx.signal)
  } catch (e) {
    if (ctx.signal.aborted) throw e
    return { kind: 'retry', pos: offset, reason: errorText(e) }
  }
  const { status, body } = res
  const drop = (a: Attempt): Attempt => (body.destroy(), a)
  if (status === 416)
    return drop(offset === info.size ? { kind: 'complete' } : { kind: 'restart', reason: '416' })
  if (status === 429 || status >= 500)
    return drop({ kind: 'retry', pos: offset, reason: `HTTP ${status}` })
  if (status !== 200 && status !== 206) {
    return drop({
      kind: 'fail',
      result: err(
        'DOWNLOAD_FAILED',
        `Hugging Face answered HTTP ${status} for ${t.file}. Try again later.`,
      ),
    })
  }
  if (status === 200 && offset > 0)
    return drop({ kind: 'restart', reason: 'server sent the whole file (changed?)' })
  if (res.length === null) {
    return drop({
      kind: 'fail',
      result: err(
        'DOWNLOAD_FAILED',
        `The server sent ${t.file} without a Content-Length, which Hearth needs to resume and verify it. Try another endpoint.`,
      ),
    })
  }
  if (status === 200 && res.length !== info.size) {
    return drop({ kind: 'restart', reason: `size changed to ${res.length}` })
  }
  if (status === 206) {
    const cr = parseContentRange(res.headers['content-range'])
    if (!cr || cr.start !== offset || (cr.size !== null && cr.size !== info.size)) {
      return drop({ kind: 'restart', reason: `unexpected range ${res.headers['content-range']}` })
    }
  }
  const etag = strongEtag(firstOf(res.headers.etag))
  // The new ETag goes to the sidecar while the bytes flow: waiting for it delays the first byte.
  let saving: Promise<unknown> = Promise.resolve(null)
  if (etag !== side.etag) {
    side.etag = etag
    saving = writeSidecar(t.dest, side).then(
      () => null,
      (e: unknown) => e,
    )
  }
  let outcome: Attempt
  try {
    outcome = await writePart(t, info, hash, offset, body, ctx)
  } finally {
    await saving
  }
  const sidecarError = await saving
  if (sidecarError) throw sidecarError
  return outcome
}

/** Write the body into the part from `offset`, hashing what was written. */
async function writePart(
  t: TaskTarget,
  info: RemoteFileInfo,
  hash: Sha256Worker,
  offset: number,
  body: DirectBody,
  ctx: TaskContext,
): Promise<Attempt> {
  const report = (p: number): void =>
    ctx.report({ phase: 'downloading', bytesDone: p, totalBytes: info.size })
  const { pos, error } = await writeBody(partPath(t.dest), offset, body, hash, ctx, report)
  if (error) {
    if (ctx.signal.aborted) throw error
    const code = (error as NodeJS.ErrnoException).code
    // EDQUOT: the user's disk quota, full in the same way.
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return {
        kind: 'fail',
        result: err(
          'DISK_FULL',
          `The disk filled up while downloading ${t.name}. Free up space and try again; the download will continue where it stopped.`,
        ),
      }
    }
    return { kind: 'retry', pos, reason: errorText(error) }
  }
  if (pos < info.size) return { kind: 'retry', pos, reason: 'connection closed early' }
  return { kind: 'progress', pos }
}

function firstOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

/** A file at `dest` that hashes to `sha256` is kept as is; any other file there is removed. */
async function checkExisting(
  t: TaskTarget,
  info: RemoteFileInfo,
  ctx: TaskContext,
): Promise<boolean> {
  const size = await sizeOf(t.dest)
  if (size === null) return false
  if (size === info.size) {
    const hash = createHash('sha256')
    ctx.report({ phase: 'verifying', bytesDone: 0, totalBytes: size })
    await hashFileInto(hash, t.dest, {
      signal: ctx.signal,
      onBytes: (b) => ctx.report({ phase: 'verifying', bytesDone: b, totalBytes: size }),
    })
    if (hash.digest('hex') === info.sha256) return true
  }
  ctx.log(`download ${t.file}: existing file does not match, downloading again`)
  await unlink(t.dest)
  return false
}

/**
 * Download one Hugging Face file to `dest`: `.part` plus sidecar, resume with Range/If-Range
 * after re-hashing the part, sha256 while downloading, rename into place only when it matches.
 * Never returns a partial or unverified file.
 */
export async function runDownloadTask(
  t: TaskTarget,
  ctx: TaskContext,
): Promise<Result<TaskOutcome>> {
  try {
    return await run(t, ctx)
  } catch (e) {
    if (ctx.signal.aborted) return ok({ kind: 'aborted' })
    const code = (e as NodeJS.ErrnoException).code
    ctx.log(`download ${t.file} failed: ${errorText(e)}`)
    if (code === 'ENOSPC' || code === 'EDQUOT')
      return err('DISK_FULL', `The disk is full. Free up space and download ${t.name} again.`)
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return err(
        'DOWNLOAD_FAILED',
        `Hearth cannot write to ${path.dirname(t.dest)}. Check that folder's permissions.`,
      )
    }
    return err('DOWNLOAD_FAILED', `Downloading ${t.name} failed (${errorText(e)}). Try again.`)
  }
}

async function run(t: TaskTarget, ctx: TaskContext): Promise<Result<TaskOutcome>> {
  await mkdir(path.dirname(t.dest), { recursive: true })
  for (let restarts = 0; ; restarts++) {
    if (restarts > MAX_RESTARTS) {
      return err(
        'DOWNLOAD_FAILED',
        `${t.name} kept changing on Hugging Face while downloading. Try again later.`,
      )
    }
    ctx.report({ phase: 'checking', bytesDone: 0, totalBytes: null })
    const info = await fileInfoWithRetry(t, ctx)
    if (!info.ok) return err(info.error.code, info.error.message)
    const { size, sha256 } = info.value
    if (await checkExisting(t, info.value, ctx)) {
      await removePart(t.dest)
      return ok({ kind: 'done', path: t.dest, size, sha256, resumedFrom: size })
    }

    const previous = await readSidecar(t.dest)
    const onDisk = (await partBytesOnDisk(t.dest)) ?? 0
    // A kill may have left a hole near the end: continue from before it (see `settled`).
    let partBytes = resumableBytes(onDisk, previous?.settled)
    // A part from another version of the file (or an unreadable sidecar) cannot be continued.
    if (!previous || previous.sha256 !== sha256 || previous.size !== size || onDisk > size) {
      if (onDisk > 0) ctx.log(`download ${t.file}: discarding a part of another version`)
      await removePart(t.dest)
      partBytes = 0
    }
    if (partBytes > 0) await truncate(partPath(t.dest), partBytes)
    const free = await ctx.diskFree(path.dirname(t.dest))
    if (free < size - partBytes) {
      return err('DISK_FULL', diskFullMessage(t.name, size - partBytes, free))
    }
    const side: Sidecar = {
      version: 1,
      name: t.name,
      repo: t.repo,
      file: t.file,
      url: info.value.url,
      etag: partBytes > 0 ? (previous?.etag ?? null) : null,
      size,
      sha256,
      commit: info.value.commit,
      settled: null,
    }
    await writeSidecar(t.dest, side)

    const hash = new Sha256Worker()
    try {
      const done = await fetchInto(t, info.value, side, hash, partBytes, ctx)
      if (done.kind === 'restart') continue
      return done.result
    } finally {
      hash.close()
      await markSettled(t.dest, side)
    }
  }
}

type Fetched = { kind: 'restart' } | { kind: 'end'; result: Result<TaskOutcome> }

/** Continue the part from `partBytes` (re-hashing it first), verify, and rename into place. */
async function fetchInto(
  t: TaskTarget,
  info: RemoteFileInfo,
  side: Sidecar,
  hash: Sha256Worker,
  partBytes: number,
  ctx: TaskContext,
): Promise<Fetched> {
  const { size, sha256 } = info
  if (partBytes > 0) {
    ctx.report({ phase: 'verifying', bytesDone: 0, totalBytes: size })
    partBytes = await hash.hashFile(partPath(t.dest), {
      signal: ctx.signal,
      onBytes: (b) => ctx.report({ phase: 'verifying', bytesDone: b, totalBytes: size }),
    })
  }
  const resumedFrom = partBytes
  ctx.report({ phase: 'downloading', bytesDone: partBytes, totalBytes: size })

  let pos = partBytes
  let failures = 0
  let restart = false
  while (pos < size && !restart) {
    const before = pos
    const a = await attempt(t, info, side, hash, pos, ctx)
    switch (a.kind) {
      case 'progress':
        pos = a.pos
        break
      case 'complete':
        pos = size
        break
      case 'fail':
        return { kind: 'end', result: a.result }
      case 'restart':
        ctx.log(`download ${t.file}: starting over (${a.reason})`)
        await removePart(t.dest)
        restart = true
        break
      case 'retry': {
        pos = a.pos
        failures = pos > before ? 1 : failures + 1
        if (failures >= ctx.retry.maxAttempts) {
          return {
            kind: 'end',
            result: err(
              'DOWNLOAD_FAILED',
              `Downloading ${t.name} kept failing (${a.reason}). Check your connection and try again; it will continue where it stopped.`,
            ),
          }
        }
        ctx.log(`download ${t.file}: attempt failed at ${pos} (${a.reason}), retrying`)
        await sleep(backoff(ctx.retry, failures), undefined, { signal: ctx.signal })
        break
      }
      default:
        a satisfies never
    }
  }
  if (restart) return { kind: 'restart' }

  const digest = await hash.digest()
  if (digest !== sha256) {
    await removePart(t.dest)
    return {
      kind: 'end',
      result: err(
        'HASH_MISMATCH',
        `The downloaded ${t.name} was damaged (its checksum does not match), so Hearth deleted it. Download it again.`,
      ),
    }
  }
  await rename(partPath(t.dest), t.dest)
  await removeSidecar(t.dest)
  return { kind: 'end', result: ok({ kind: 'done', path: t.dest, size, sha256, resumedFrom }) }
}
