import { createHash } from 'node:crypto'
import { readdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import { err, ok, type Result } from '../../../../shared/contract/result'
import type {
  DownloadInput,
  DownloadPhase,
  DownloadStatus,
} from '../../../../shared/contract/schemas/models'
import { findCatalogueQuant, parseModelSource } from '../catalogue'
import { statfsFree, type DiskFree } from './disk-space'
import { runDownloadTask, type TaskTarget } from './download-task'
import type { HttpFetch } from './http-fetch'
import { HubClient, type HubAccess } from './hub-client'
import { createNodeFetch } from './node-fetch'
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy'
import { partBytesOnDisk, readSidecar, removePart, resumableBytes } from './sidecar'

export interface DownloadManagerOptions {
  /** Where verified models go: `<modelsDir>/<owner>/<repo>/<file>`. */
  modelsDir: string
  /**
   * Endpoint (else `HF_ENDPOINT`, else huggingface.co) and optional access token, read when each
   * download starts, so a changed setting applies to the next one at once.
   */
  hub?: () => HubAccess
  /** The shell's HTTP client (Electron's net.fetch); default undici with the proxy environment. */
  fetch?: HttpFetch
  /** Injected in tests; defaults to `fs.statfs`. */
  diskFree?: DiskFree
  retry?: Partial<RetryPolicy>
  /** A connection that sends nothing for this long is retried (default 30 s). */
  stallTimeoutMs?: number
  /** Progress events at most this often (default 250 ms, i.e. 4/s). Phase changes are immediate. */
  progressIntervalMs?: number
  /**
   * Checked before a verified file is called done (the model service: is it a GGUF?). A file
   * that fails is deleted and its message shown, so it never reaches the installed list.
   */
  checkFile?: (file: string) => Promise<Result<unknown>>
  /** Technical lines for the app log; never contains the token. */
  log?: (line: string) => void
}

/** A download the user may start: a catalogue quant or a `hf:` source, resolved. */
export interface DownloadTarget {
  name: string
  repo: string
  file: string
}

type Listener = (status: DownloadStatus) => void

interface Job {
  target: TaskTarget
  status: DownloadStatus
  controller: AbortController | null
  /** What the abort means once the task has stopped. */
  stopAs: 'paused' | 'cancelled' | null
  settled: Promise<void>
  lastEmit: number
  speed: { at: number; bytes: number; rate: number }
}

/** The figures of a download that is not moving. */
const STOPPED = { bytesPerSecond: 0, secondsLeft: null } as const

const ACTIVE: ReadonlySet<DownloadPhase> = new Set(['checking', 'verifying', 'downloading'])

/** Stable id per repo file, so a download found on disk after a restart keeps its id. */
function downloadIdFor(repo: string, file: string): string {
  return createHash('sha256').update(`${repo}/${file}`).digest('hex').slice(0, 16)
}

/** Resolve what the user asked for into a repo file, without touching the network. */
function resolveDownloadInput(input: DownloadInput): Result<DownloadTarget> {
  if ('modelId' in input) {
    const found = findCatalogueQuant(input.modelId, input.quant)
    if (!found.ok) return found
    const { entry, quant } = found.value
    return ok({ name: `${entry.displayName} ${quant.quant}`, repo: quant.repo, file: quant.file })
  }
  const source = parseModelSource(input.source)
  if (!source.ok) return source
  if (source.value.kind !== 'hf') {
    return err(
      'INVALID_INPUT',
      'That is a file on this computer: open it instead of downloading it.',
    )
  }
  const { repo, file } = source.value
  return ok({ name: path.posix.basename(file, '.gguf'), repo, file })
}

/**
 * Runs model downloads: one job per repo file, progress throttled to `progressIntervalMs`,
 * pause (keeps the part), resume (Range from the bytes on disk, also after a restart or a
 * SIGKILL), cancel (deletes the part). Emits `DownloadStatus` to every listener.
 */
export class DownloadManager {
  readonly modelsDir: string
  readonly #hub: () => HubAccess
  readonly #fetch: HttpFetch
  readonly #diskFree: DiskFree
  readonly #retry: RetryPolicy
  readonly #stallTimeoutMs: number
  readonly #interval: number
  readonly #log: (line: string) => void
  readonly #checkFile: (file: string) => Promise<Result<unknown>>
  readonly #jobs = new Map<string, Job>()
  readonly #listeners = new Set<Listener>()

  constructor(options: DownloadManagerOptions) {
    this.modelsDir = path.resolve(options.modelsDir)
    this.#hub = options.hub ?? (() => ({}))
    this.#fetch = options.fetch ?? createNodeFetch()
    this.#diskFree = options.diskFree ?? statfsFree
    this.#retry = { ...DEFAULT_RETRY, ...options.retry }
    this.#stallTimeoutMs = options.stallTimeoutMs ?? 30_000
    this.#interval = options.progressIntervalMs ?? 250
    this.#log = options.log ?? (() => undefined)
    this.#checkFile = options.checkFile ?? (() => Promise.resolve(ok(null)))
  }

  /** Subscribe to status changes; returns the unsubscribe function. */
  onStatus(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Where a repo file lands once verified. */
  destinationFor(repo: string, file: string): string {
    return path.join(this.modelsDir, ...repo.split('/'), ...file.split('/'))
  }

  /** Start (or resume) a download; answers at once with its status. Idempotent while running. */
  start(input: DownloadInput): Result<DownloadStatus> {
    const target = resolveDownloadInput(input)
    if (!target.ok) return target
    return ok(this.startTarget(target.value))
  }

  /** Start a resolved target (the reliability run and tests use this directly). */
  startTarget(target: DownloadTarget): DownloadStatus {
    const id = downloadIdFor(target.repo, target.file)
    const existing = this.#jobs.get(id)
    if (existing && (ACTIVE.has(existing.status.phase) || existing.stopAs)) return existing.status
    const job = existing ?? this.#newJob(target, 'checking', 0, null)
    job.controller = new AbortController()
    job.stopAs = null
    job.speed = { at: Date.now(), bytes: job.status.bytesDone, rate: 0 }
    this.#update(job, {
      phase: 'checking',
      error: null,
      path: null,
      bytesPerSecond: 0,
      secondsLeft: null,
    })
    job.settled = this.#run(job, job.controller.signal)
    return job.status
  }

  #newJob(target: DownloadTarget, phase: DownloadPhase, bytes: number, total: number | null): Job {
    const { name, repo, file } = target
    const downloadId = downloadIdFor(repo, file)
    const job: Job = {
      target: { name, repo, file, dest: this.destinationFor(repo, file) },
      status: {
        ...{ downloadId, name, repo, file, phase, bytesDone: bytes, totalBytes: total },
        ...{ bytesPerSecond: 0, secondsLeft: null, path: null, error: null, notice: null },
      },
      controller: null,
      stopAs: null,
      settled: Promise.resolve(),
      lastEmit: 0,
      speed: { at: Date.now(), bytes, rate: 0 },
    }
    this.#jobs.set(downloadId, job)
    return job
  }

  async #run(job: Job, signal: AbortSignal): Promise<void> {
    let hub: HubClient
    try {
      hub = new HubClient(this.#fetch, this.#hub())
    } catch (e) {
      job.controller = null
      const message = `The Hugging Face endpoint in Settings is not a web address (${String(e)}).`
      this.#update(job, { phase: 'error', error: { code: 'INVALID_INPUT', message } })
      return
    }
    const result = await runDownloadTask(job.target, {
      hub,
      notice: (notice) => this.#update(job, { notice }),
      diskFree: this.#diskFree,
      retry: this.#retry,
      stallTimeoutMs: this.#stallTimeoutMs,
      signal,
      log: this.#log,
      report: (r) => this.#progress(job, r.phase, r.bytesDone, r.totalBytes),
    })
    job.controller = null
    job.status = { ...job.status, notice: null }
    if (!result.ok) {
      this.#log(`download ${job.target.file}: ${result.error.code}`)
      this.#update(job, { ...STOPPED, phase: 'error', error: result.error })
    } else if (result.value.kind === 'done') {
      await this.#finish(job, result.value.path, result.value.size)
    } else if (job.stopAs === 'cancelled') {
      await removePart(job.target.dest)
      this.#update(job, { ...STOPPED, phase: 'cancelled', bytesDone: 0 })
    } else {
      this.#update(job, { ...STOPPED, phase: 'paused' })
    }
    job.stopAs = null
  }

  /** A verified file is done once `checkFile` agrees; one that is no model is deleted. */
  async #finish(job: Job, file: string, size: number): Promise<void> {
    const checked = await this.#checkFile(file)
    if (checked.ok) {
      this.#update(job, {
        ...STOPPED,
        phase: 'done',
        path: file,
        bytesDone: size,
        totalBytes: size,
        secondsLeft: 0,
      })
      return
    }
    this.#log(`download ${job.target.file}: ${checked.error.message} Deleted it.`)
    await unlink(file).catch(() => undefined)
    const message = `${job.target.name} matches Hugging Face's checksum, but it is not a GGUF model file Hearth can load, so Hearth deleted it. Pick another file.`
    this.#update(job, { ...STOPPED, phase: 'error', error: { code: 'NOT_GGUF', message } })
  }

  #progress(job: Job, phase: DownloadPhase, bytesDone: number, totalBytes: number | null): void {
    const now = Date.now()
    const phaseChanged = phase !== job.status.phase
    if (phaseChanged) job.speed = { at: now, bytes: bytesDone, rate: 0 }
    const dt = now - job.speed.at
    if (dt >= this.#interval) {
      // Smoothed so the "time left" does not jump about with every window.
      const rate = ((bytesDone - job.speed.bytes) * 1000) / dt
      job.speed = {
        at: now,
        bytes: bytesDone,
        rate: job.speed.rate === 0 ? rate : job.speed.rate * 0.6 + rate * 0.4,
      }
    }
    job.status = { ...job.status, phase, bytesDone, totalBytes }
    if (!phaseChanged && now - job.lastEmit < this.#interval) return
    const rate = Math.max(0, job.speed.rate)
    const left = totalBytes === null ? null : totalBytes - bytesDone
    this.#update(job, {
      bytesPerSecond: Math.round(rate),
      secondsLeft: rate > 0 && left !== null ? Math.ceil(left / rate) : null,
    })
  }

  #update(job: Job, patch: Partial<DownloadStatus>): void {
    job.status = { ...job.status, ...patch }
    job.lastEmit = Date.now()
    for (const listener of this.#listeners) listener(job.status)
  }

  /** Stop a running download and keep its part for `resume`. */
  async pause(downloadId: string): Promise<Result<DownloadStatus>> {
    return this.#stop(downloadId, 'paused')
  }

  /** Stop a download (running or paused) and delete its part. */
  async cancel(downloadId: string): Promise<Result<DownloadStatus>> {
    const job = this.#jobs.get(downloadId)
    if (job && !job.controller && job.status.phase !== 'done') {
      await removePart(job.target.dest)
      this.#update(job, { ...STOPPED, phase: 'cancelled', bytesDone: 0 })
      return ok(job.status)
    }
    return this.#stop(downloadId, 'cancelled')
  }

  async #stop(downloadId: string, as: 'paused' | 'cancelled'): Promise<Result<DownloadStatus>> {
    const job = this.#jobs.get(downloadId)
    if (!job) return err('NOT_FOUND', 'That download is not running.')
    if (job.controller) {
      job.stopAs = as
      job.controller.abort()
    }
    await job.settled
    return ok(job.status)
  }

  /** Continue a paused or failed download from the bytes on disk. */
  resume(downloadId: string): Result<DownloadStatus> {
    const job = this.#jobs.get(downloadId)
    if (!job) return err('NOT_FOUND', 'That download is not known. Start it again from the list.')
    if (job.status.phase === 'done') return ok(job.status)
    const { name, repo, file } = job.status
    return ok(this.startTarget({ name, repo, file }))
  }

  /** Resolves when the download stops (done, error, paused or cancelled), with its status. */
  async wait(downloadId: string): Promise<Result<DownloadStatus>> {
    const job = this.#jobs.get(downloadId)
    if (!job) return err('NOT_FOUND', 'That download is not running.')
    await job.settled
    return ok(job.status)
  }

  get(downloadId: string): DownloadStatus | null {
    return this.#jobs.get(downloadId)?.status ?? null
  }

  list(): DownloadStatus[] {
    return [...this.#jobs.values()].map((j) => j.status)
  }

  /**
   * Find parts left by an earlier run (closed or killed) and list them as paused, with the
   * bytes on disk, so the first-run screen can offer "Resume".
   */
  async scanPartials(): Promise<DownloadStatus[]> {
    const found: DownloadStatus[] = []
    for (const sidecar of await findSidecars(this.modelsDir, 4)) {
      const dest = sidecar.slice(0, -'.part.json'.length)
      const side = await readSidecar(dest)
      if (!side || this.destinationFor(side.repo, side.file) !== dest) continue
      const id = downloadIdFor(side.repo, side.file)
      if (this.#jobs.has(id)) continue
      // What a resume will continue from (after a kill, what the sidecar last recorded).
      const bytes = resumableBytes((await partBytesOnDisk(dest)) ?? 0, side)
      found.push(this.#newJob(side, 'paused', bytes, side.size).status)
    }
    return found
  }

  /** Pause everything (app quit): parts and sidecars stay for the next start. */
  async close(): Promise<void> {
    await Promise.all([...this.#jobs.keys()].map((id) => this.pause(id)))
  }
}

async function findSidecars(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const out: string[] = []
  for (const e of entries) {
    const full = path.join(dir, e.name)
    if (e.isFile() && e.name.endsWith('.part.json')) out.push(full)
    else if (e.isDirectory() && depth > 0) out.push(...(await findSidecars(full, depth - 1)))
  }
  return out
}
