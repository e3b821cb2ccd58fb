import { randomBytes } from 'node:crypto'
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * An exclusive lock per destination file, held while a download touches its part or sidecar:
 * `<dest>.lock` holds the owner's pid and host. A lock whose owner on this host is gone (a
 * SIGKILL, a crash) is stale and taken over; one held by a live process is not.
 */
export interface DestinationLock {
  release(): Promise<void>
}

interface Owner {
  pid: number
  host: string
  token: string
}

const lockPath = (dest: string): string => `${dest}.lock`

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(file: string): Promise<Owner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null
    return { pid: parsed.pid, host: parsed.host, token: String(parsed.token) }
  } catch {
    return null
  }
}

/**
 * Take the lock, or null when another live process holds it. A stale lock is moved aside (an
 * atomic rename: of two processes breaking it, one wins) and re-checked there: if it turns out
 * to be a fresh lock taken meanwhile, it is put back.
 */
export async function tryLock(dest: string): Promise<DestinationLock | null> {
  const file = lockPath(dest)
  const me: Owner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') }
  for (let tries = 0; tries < 50; tries++) {
    try {
      const fh = await open(file, 'wx', 0o600)
      try {
        await fh.writeFile(JSON.stringify(me))
      } finally {
        await fh.close()
      }
      return { release: () => releaseIfMine(file, me.token) }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const owner = await readOwner(file)
    if (owner === null) {
      // Its owner is between creating and writing it, or died there (then it stays empty).
      const age = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      )
      if (age < 5000) {
        await sleep(20)
        continue
      }
    } else if (owner.host !== me.host || alive(owner.pid)) {
      return null
    }
    const aside = `${file}.${me.token}.stale`
    try {
      await rename(file, aside)
    } catch {
      continue
    }
    const moved = await readOwner(aside)
    if (moved?.token !== owner?.token) await link(aside, file).catch(() => undefined)
    await unlink(aside).catch(() => undefined)
  }
  return null
}

async function releaseIfMine(file: string, token: string): Promise<void> {
  if ((await readOwner(file))?.token === token) await unlink(file).catch(() => undefined)
}
