import { randomUUID } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Writes `text` to `path` so that a crash or a second writer leaves either the old file or the new
 * one, never half of one: a temporary file with a name no other writer can share (issue 10: two
 * writers used to share `<pid>.tmp` and renamed each other's half-written file), flushed to disk,
 * then renamed over the old file. The temporary file is removed when any step fails.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${randomUUID()}.tmp`
  try {
    const handle = await open(temporary, 'w', mode)
    try {
      await handle.writeFile(text)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (cause) {
    await rm(temporary, { force: true }).catch(() => undefined)
    throw cause
  }
}

/** Runs tasks one after another, so two callers never interleave a read-modify-write. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task)
    this.#tail = next.catch(() => undefined)
    return next
  }
}
