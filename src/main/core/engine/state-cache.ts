import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, stat, statfs, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import {
  finishStateFile,
  readStateHeader,
  stateDataIntact,
  type StateHeader,
  type StateHeaderKeys,
} from './state-file'

/** The default limit: the smaller of 4 GB and this share of the free disk. */
export const DEFAULT_STATE_CACHE_BYTES = 4_000_000_000
const DEFAULT_FREE_DISK_SHARE = 0.1
/** Never fill the disk to the last byte for a cache: a write must leave this much free. */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024

const STATE_SUFFIX = '.hstate'
const TEMP_SUFFIX = '.tmp'

export interface CachedState {
  name: string
  path: string
  header: StateHeader
}

export interface StateCacheOptions {
  dir: string
  /** The configured limit in bytes; null picks the default from the free disk; 0 keeps nothing. */
  maxBytes: () => number | null
  log?: (message: string, detail?: unknown) => void
}

interface Entry {
  bytes: number
  usedAt: number
}

/**
 * The conversation state cache on disk: one file per conversation, model file and context settings,
 * each llama.cpp's sequence state followed by Hearth's header (state-file.ts). Files are written
 * under a temporary name and renamed into place once their header is synced, so a crash leaves
 * either the old file or a temporary that the next start deletes. The total stays under a limit
 * by evicting the least recently used files.
 */
export class StateCache {
  readonly dir: string
  readonly #options: StateCacheOptions
  readonly #entries = new Map<string, Entry>()
  /** Commits under way, by file name: a lookup waits for the file it asks for. */
  readonly #pending = new Map<string, Promise<unknown>>()
  #opened: Promise<void> | null = null

  constructor(options: StateCacheOptions) {
    this.#options = options
    this.dir = options.dir
  }

  /** Creates the folder and, once, deletes what a crash left (temporaries, files whose header does not verify). */
  open(): Promise<void> {
    this.#opened ??= this.#scan()
    return this.#opened
  }

  /** Bytes the cache holds now. */
  get totalBytes(): number {
    let total = 0
    for (const entry of this.#entries.values()) total += entry.bytes
    return total
  }

  /** The limit in force: the setting, or the smaller of 4 GB and 10% of the free disk. */
  async limitBytes(): Promise<number> {
    const configured = this.#options.maxBytes()
    if (configured !== null) return configured
    // The cache's own files count as free: the limit must not shrink because the cache was used.
    const free = (await freeBytes(this.dir)) + this.totalBytes
    return Math.min(DEFAULT_STATE_CACHE_BYTES, Math.floor(free * DEFAULT_FREE_DISK_SHARE))
  }

  /**
   * The conversation's state file for these keys, with a header that verifies, or null. A file
   * whose header does not verify or does not match its keys is deleted.
   */
  async find(keys: StateHeaderKeys): Promise<CachedState | null> {
    await this.open()
    const name = nameOf(keys)
    await this.#pending.get(name)
    if (this.#options.maxBytes() === 0) {
      // Turned off: keep none, not even what was kept before.
      await this.#evictUntil((total) => total === 0, '')
      return null
    }
    if (!this.#entries.has(name)) return null
    const path = join(this.dir, name)
    const header = await readStateHeader(path).catch(() => null)
    if (
      header === null ||
      header.conversationId !== keys.conversationId ||
      header.modelSha256 !== keys.modelSha256 ||
      header.contextKey !== keys.contextKey
    ) {
      await this.#remove(name, 'its header does not verify')
      return null
    }
    return { name, path, header }
  }

  /** Checks the whole state against its checksum; a damaged file is deleted, never loaded. */
  async verify(state: CachedState): Promise<boolean> {
    const intact = await stateDataIntact(state.path, state.header).catch(() => false)
    if (!intact) await this.#remove(state.name, 'it is damaged (its checksum does not match)')
    return intact
  }

  /** Marks a state as just used (least recently used states are evicted first). */
  touch(state: CachedState): void {
    const entry = this.#entries.get(state.name)
    if (entry === undefined) return
    entry.usedAt = Date.now()
    const now = new Date()
    void utimes(state.path, now, now).catch(() => undefined)
  }

  /**
   * Makes room for a state of about `bytes` for these keys (evicting the least recently used
   * others) and says whether it may be written: it must fit the limit and leave the disk a reserve.
   */
  async makeRoom(keys: StateHeaderKeys, bytes: number): Promise<boolean> {
    await this.open()
    const limit = await this.limitBytes()
    if (bytes > limit) return false
    const replaced = nameOf(keys)
    await this.#evictUntil(
      (total) => total - (this.#entries.get(replaced)?.bytes ?? 0) + bytes <= limit,
      replaced,
    )
    return (await freeBytes(this.dir)) >= bytes + DISK_RESERVE_BYTES
  }

  /** Where llama.cpp writes a new state for these keys before `commit` finishes it. */
  temporaryPath(keys: StateHeaderKeys): string {
    return join(
      this.dir,
      `${nameOf(keys)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
    )
  }

  /**
   * Finishes a state llama.cpp wrote to `temporary`: checksum and header, sync, rename into place,
   * then evict to the limit. Runs in the background (`flush` waits for it); a failure deletes the
   * temporary and resolves null.
   */
  commit(
    temporary: string,
    keys: StateHeaderKeys,
    tokenCount: number,
  ): Promise<CachedState | null> {
    const name = nameOf(keys)
    const work = (this.#pending.get(name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#commit(temporary, keys, tokenCount))
    this.#pending.set(name, work)
    void work.finally(() => {
      if (this.#pending.get(name) === work) this.#pending.delete(name)
    })
    return work
  }

  /** Waits for every commit under way. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending.values()])
  }

  /**
   * Deletes the states of conversations that no longer exist: a state file holds the
   * conversation's tokens, so it must not outlive the conversation. Returns how many went.
   */
  async prune(keep: (conversationId: string) => boolean): Promise<number> {
    await this.open()
    let removed = 0
    for (const name of [...this.#entries.keys()]) {
      const header = await readStateHeader(join(this.dir, name)).catch(() => null)
      if (header !== null && keep(header.conversationId)) continue
      await this.#remove(
        name,
        header === null ? 'its header does not verify' : 'its conversation was deleted',
      )
      removed += 1
    }
    return removed
  }

  /** Deletes a state (a failed load, a temporary llama.cpp could not finish). */
  async discard(path: string, reason: string): Promise<void> {
    const name = path.slice(this.dir.length + 1)
    if (this.#entries.has(name)) await this.#remove(name, reason)
    else await rm(path, { force: true })
  }

  async #commit(
    temporary: string,
    keys: StateHeaderKeys,
    tokenCount: number,
  ): Promise<CachedState | null> {
    try {
      const header = await finishStateFile(temporary, keys, tokenCount)
      const name = nameOf(keys)
      const path = join(this.dir, name)
      await rename(temporary, path)
      await syncFolder(this.dir)
      this.#entries.set(name, { bytes: (await stat(path)).size, usedAt: Date.now() })
      const limit = await this.limitBytes()
      await this.#evictUntil((total) => total <= limit, name)
      // The new state alone may exceed a limit that shrank meanwhile.
      if (this.totalBytes > limit) await this.#remove(name, 'it is larger than the cache limit')
      return this.#entries.has(name) ? { name, path, header } : null
    } catch (cause) {
      this.#options.log?.('Saving a conversation state failed', cause)
      await rm(temporary, { force: true }).catch(() => undefined)
      return null
    }
  }

  /** Removes least recently used entries (never `keep`) until `fits(total)` holds or none is left. */
  async #evictUntil(fits: (total: number) => boolean, keep: string): Promise<void> {
    while (!fits(this.totalBytes)) {
      let oldest: string | null = null
      let oldestAt = Infinity
      for (const [name, entry] of this.#entries) {
        if (name !== keep && entry.usedAt < oldestAt) {
          oldest = name
          oldestAt = entry.usedAt
        }
      }
      if (oldest === null) return
      await this.#remove(oldest, 'the cache is full (least recently used)')
    }
  }

  async #scan(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name)
      if (name.endsWith(TEMP_SUFFIX)) {
        // A write a crash (or a kill) interrupted: never complete, never loaded.
        await rm(path, { force: true })
        this.#options.log?.(`Removed an unfinished conversation state: ${name}`)
        continue
      }
      if (!name.endsWith(STATE_SUFFIX)) continue
      const header = await readStateHeader(path).catch(() => null)
      if (header === null) {
        await rm(path, { force: true })
        this.#options.log?.(`Removed a conversation state whose header does not verify: ${name}`)
        continue
      }
      const info = await stat(path)
      this.#entries.set(name, { bytes: info.size, usedAt: info.mtimeMs })
    }
  }

  async #remove(name: string, reason: string): Promise<void> {
    this.#entries.delete(name)
    await rm(join(this.dir, name), { force: true })
    this.#options.log?.(`Removed conversation state ${name}: ${reason}`)
  }
}

/** One file per conversation, model file and context settings; the name reveals none of them. */
function nameOf(keys: StateHeaderKeys): string {
  const hash = createHash('sha256')
    .update(`${keys.conversationId}\0${keys.modelSha256}\0${keys.contextKey}`)
    .digest('hex')
  return `${hash.slice(0, 40)}${STATE_SUFFIX}`
}

async function freeBytes(dir: string): Promise<number> {
  const info = await statfs(dir)
  return info.bavail * info.bsize
}

/** Makes a rename durable; Windows cannot open a folder for syncing, where NTFS journals it anyway. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort.
  }
}
