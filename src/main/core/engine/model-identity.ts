import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'

const KnownSchema = z.record(
  z.string(),
  z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
)
type Known = z.infer<typeof KnownSchema>

/**
 * The sha256 of model files, the identity a saved conversation state is tied to. Hashing a 5 GB
 * model takes seconds, so each file is hashed once, in the background after it loads, and the
 * result is kept in a small JSON file by path, size and modification time: a file replaced or
 * rewritten in place gets hashed again.
 */
export class ModelIdentity {
  readonly #file: string
  readonly #hashing = new Map<string, Promise<string>>()
  #known: Promise<Known> | null = null

  constructor(file: string) {
    this.#file = file
  }

  /** The file's sha256 (lower-case hex), from the record when size and time still match. */
  async sha256(path: string): Promise<string> {
    const info = await stat(path)
    const key = `${path}\0${info.size}\0${info.mtimeMs}`
    const running = this.#hashing.get(key)
    if (running !== undefined) return running
    const work = this.#lookUpOrHash(path, info.size, info.mtimeMs)
    this.#hashing.set(key, work)
    work.catch(() => this.#hashing.delete(key))
    return work
  }

  async #lookUpOrHash(path: string, size: number, mtimeMs: number): Promise<string> {
    const known = await this.#load()
    const record = known[path]
    if (record !== undefined && record.size === size && record.mtimeMs === mtimeMs)
      return record.sha256
    const sha256 = await hashFile(path)
    known[path] = { size, mtimeMs, sha256 }
    await this.#save(known).catch(() => undefined)
    return sha256
  }

  #load(): Promise<Known> {
    this.#known ??= readFile(this.#file, 'utf8').then(
      (text) => {
        const parsed = KnownSchema.safeParse(safeJson(text))
        return parsed.success ? parsed.data : {}
      },
      () => ({}),
    )
    return this.#known
  }

  async #save(known: Known): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true })
    const temporary = `${this.#file}.${process.pid}.tmp`
    await writeFile(temporary, JSON.stringify(known))
    await rename(temporary, this.#file)
  }
}

/** Streams the file through sha256 in 4 MiB reads: the event loop stays free between them. */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
