import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { err, ok, type Result } from '../../../../shared/contract/result'
import { tryLock } from './destination-lock'
import { diskFullMessage, type DiskFree } from './disk-space'
import { fetchAttempt } from './fetch-attempt'
import { errorText } from './http-fetch'
import type { HubClient, RemoteFileInfo, RemoteResult } from './hub-client'
import { PartChangedError, PartFile } from './part-file'
import { waitBeforeRetry, type RetryPolicy } from './retry-policy'
import {
  partBytesOnDisk,
  readSidecar,
  removePart,
  resumableBytes,
  writeSidecar,
  type Sidecar,
} from './sidecar'

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

interface TaskReport {
  phase: 'checking' | 'verifying' | 'downloading'
  bytesDone: number
  totalBytes: number | null
}

export interface TaskContext {
  hub: HubClient
  diskFree: DiskFree
  retry: RetryPolicy
  /** A connection with no bytes for this long is dropped and retried. */
  stallTimeoutMs: number
  signal: AbortSignal
  /** Called on every write: the caller throttles. */
  report: (r: TaskReport) => void
  /** A line for the user while waiting ("Hugging Face asked us to wait 30 s"), null after. */
  notice: (text: string | null) => void
  log: (line: string) => void
}

export type TaskOutcome =
  | { kind: 'done'; path: string; size: number; sha256: string; resumedFrom: number }
  | { kind: 'aborted' }

const isDiskFull = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code
  // EDQUOT: the user's disk quota, full in the same way.
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/**
 * Download one Hugging Face file to `dest` under its lock: `.part` plus sidecar, resume with
 * Range after re-hashing the part, sha256 while writing, rename into place only when the hash
 * matches and the renamed file is the one hashed. Never returns a partial or unverified file.
 */
export async function runDownloadTask(
  t: TaskTarget,
  ctx: TaskContext,
): Promise<Result<TaskOutcome>> {
  try {
    await mkdir(path.dirname(t.dest), { recursive: true })
    const lock = await tryLock(t.dest)
    if (!lock) {
      return err(
        'BUSY',
        `${t.name} is already downloading in another Hearth. Let that one finish, then open it here.`,
      )
    }
    try {
      return await run(t, ctx)
    } finally {
      await lock.release()
    }
  } catch (e) {
    if (ctx.signal.aborted) return ok({ kind: 'aborted' })
    ctx.log(`download ${t.file} failed: ${errorText(e)}`)
    const code = (e as NodeJS.ErrnoException).code
    if (isDiskFull(e))
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

/** Metadata with retries (and Retry-After): the first request after a dropped network often fails too. */
async function fileInfo(t: TaskTarget, ctx: TaskContext): Promise<RemoteResult<RemoteFileInfo>> {
  for (let failures = 1, waits = 0; ;) {
    const info = await ctx.hub.fileInfo(t.repo, t.file, ctx.signal)
    if (info.ok || !info.retryable) return info
    if (
      info.waitMs === undefined
        ? failures++ >= ctx.retry.maxAttempts
        : waits++ >= ctx.retry.maxRetryAfterWaits
    ) {
      return info
    }
    ctx.log(`download ${t.file}: metadata failed (${info.error.message}), retrying`)
    await waitBeforeRetry(ctx.retry, failures, info.waitMs, ctx.signal, ctx.notice)
  }
}

/** A file at `dest` that hashes to `sha256` is kept as is; any other file there is removed. */
async function checkExisting(
  t: TaskTarget,
  info: RemoteFileInfo,
  ctx: TaskContext,
): Promise<boolean> {
  const size = await stat(t.dest).then(
    (s) => s.size,
    () => null,
  )
  if (size === null) return false
  if (size === info.size) {
    const hash = createHash('sha256')
    let bytes = 0
    for await (const chunk of createReadStream(t.dest, {
      highWaterMark: 4 << 20,
      signal: ctx.signal,
    })) {
      hash.update(chunk as Buffer)
      bytes += (chunk as Buffer).length
      ctx.report({ phase: 'verifying', bytesDone: bytes, totalBytes: size })
    }
    if (hash.digest('hex') === info.sha256) return true
  }
  ctx.log(`download ${t.file}: existing file does not match, downloading again`)
  await unlink(t.dest)
  return false
}

async function run(t: TaskTarget, ctx: TaskContext): Promise<Result<TaskOutcome>> {
  for (let restarts = 0; ; restarts++) {
    if (restarts > MAX_RESTARTS) {
      return err(
        'DOWNLOAD_FAILED',
        `${t.name} kept changing on Hugging Face while downloading. Try again later.`,
      )
    }
    ctx.report({ phase: 'checking', bytesDone: 0, totalBytes: null })
    const info = await fileInfo(t, ctx)
    if (!info.ok) return err(info.error.code, info.error.message)
    const { size, sha256 } = info.value
    if (await checkExisting(t, info.value, ctx)) {
      await removePart(t.dest)
      return ok({ kind: 'done', path: t.dest, size, sha256, resumedFrom: size })
    }
    const previous = await readSidecar(t.dest)
    const onDisk = (await partBytesOnDisk(t.dest)) ?? 0
    // A part of another version (or without a readable sidecar) cannot be continued.
    const same =
      previous !== null && previous.sha256 === sha256 && previous.size === size && onDisk <= size
    if (!same && onDisk > 0) ctx.log(`download ${t.file}: discarding a part of another version`)
    const keep = same ? resumableBytes(onDisk, previous) : 0
    const free = await ctx.diskFree(path.dirname(t.dest))
    if (free < size - keep) return err('DISK_FULL', diskFullMessage(t.name, size - keep, free))
    const side: Sidecar = {
      ...{ version: 2, name: t.name, repo: t.repo, file: t.file, url: info.value.url },
      ...{
        etag: same ? previous.etag : null,
        size,
        sha256,
        commit: info.value.commit,
        verifiedBytes: keep,
      },
    }
    await writeSidecar(t.dest, side)
    if (keep > 0) ctx.report({ phase: 'verifying', bytesDone: 0, totalBytes: size })
    const part = await PartFile.open(t.dest, keep, {
      signal: ctx.signal,
      onHashed: (b) => ctx.report({ phase: 'verifying', bytesDone: b, totalBytes: size }),
      onCheckpoint: (verifiedBytes) => writeSidecar(t.dest, { ...side, verifiedBytes }),
    })
    let keepPart = true
    try {
      const end = await fetchInto(t, info.value, side, part, ctx)
      keepPart = end.keepPart
      if (end.kind === 'restart') continue
      return end.result
    } finally {
      // An orderly stop (pause, failure) records the whole part as flushed.
      if (keepPart) await part.checkpoint()
      await part.close()
    }
  }
}

type Fetched =
  | { kind: 'restart'; keepPart: false }
  | { kind: 'end'; keepPart: boolean; result: Result<TaskOutcome> }

/** Continue the part to its end with bounded retries, verify it, and rename it into place. */
async function fetchInto(
  t: TaskTarget,
  info: RemoteFileInfo,
  side: Sidecar,
  part: PartFile,
  ctx: TaskContext,
): Promise<Fetched> {
  const resumedFrom = part.pos
  const report = (pos: number): void =>
    ctx.report({ phase: 'downloading', bytesDone: pos, totalBytes: info.size })
  const discardPart = async (): Promise<void> => {
    await part.stopCheckpoints()
    await removePart(t.dest)
  }
  report(part.pos)
  for (let failures = 0, waits = 0; part.pos < info.size;) {
    const before = part.pos
    let a
    try {
      a = await fetchAttempt(info, side, t.dest, part, { ...ctx, onBytes: report })
    } catch (e) {
      if (!isDiskFull(e)) throw e
      const message = `The disk filled up while downloading ${t.name}. Free up space and try again; the download will continue where it stopped.`
      return { kind: 'end', keepPart: true, result: err('DISK_FULL', message) }
    }
    if (a.kind === 'fail') return { kind: 'end', keepPart: true, result: a.result }
    if (a.kind === 'restart') {
      ctx.log(`download ${t.file}: starting over (${a.reason})`)
      await discardPart()
      return { kind: 'restart', keepPart: false }
    }
    if (a.kind === 'progress') continue
    if (part.pos > before) failures = waits = 0
    if (
      a.waitMs === undefined
        ? ++failures >= ctx.retry.maxAttempts
        : ++waits > ctx.retry.maxRetryAfterWaits
    ) {
      const message = `Downloading ${t.name} kept failing (${a.reason}). Check your connection and try again; it will continue where it stopped.`
      return { kind: 'end', keepPart: true, result: err('DOWNLOAD_FAILED', message) }
    }
    ctx.log(`download ${t.file}: attempt failed at ${part.pos} (${a.reason}), retrying`)
    await waitBeforeRetry(ctx.retry, failures, a.waitMs, ctx.signal, ctx.notice)
  }
  if ((await part.digest()) !== info.sha256) {
    await discardPart()
    // Damaged, or a new version on the hub after all: only the hub can tell.
    const now = await ctx.hub.fileInfo(t.repo, t.file, ctx.signal)
    if (now.ok && now.value.sha256 !== info.sha256) return { kind: 'restart', keepPart: false }
    const message = `The downloaded ${t.name} was damaged (its checksum does not match), so Hearth deleted it. Download it again.`
    return { kind: 'end', keepPart: false, result: err('HASH_MISMATCH', message) }
  }
  await part.stopCheckpoints()
  try {
    await part.renameInto()
  } catch (e) {
    if (!(e instanceof PartChangedError)) throw e
    await removePart(t.dest)
    const message = `Another program changed the partial download of ${t.name}, so Hearth deleted it. Download it again.`
    return { kind: 'end', keepPart: false, result: err('DOWNLOAD_FAILED', message) }
  }
  await removePart(t.dest)
  return {
    kind: 'end',
    keepPart: false,
    result: ok({ kind: 'done', path: t.dest, size: info.size, sha256: info.sha256, resumedFrom }),
  }
}
