import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'

const RegistrySchema = z.object({
  version: z.literal(1),
  models: z.array(z.object({ path: z.string(), name: z.string() })),
})

/** A model file the user added from elsewhere on this computer. */
export type LocalEntry = z.infer<typeof RegistrySchema>['models'][number]

/**
 * The list of local GGUF files the user added (`<dataDir>/local-models.json`). Written atomically
 * (temp file + rename), so a crash mid-write leaves the old list or the new one, never half.
 */
export class LocalRegistry {
  readonly path: string
  #entries: LocalEntry[] = []

  constructor(dataDir: string) {
    this.path = path.join(dataDir, 'local-models.json')
  }

  /** Reads the file; a missing or unreadable one is an empty list (the files are still on disk). */
  async load(log: (line: string) => void = () => undefined): Promise<void> {
    try {
      const parsed = RegistrySchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')))
      if (parsed.success) this.#entries = parsed.data.models
      else log(`${this.path} is not a model list; starting with an empty one`)
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') log(`${this.path}: ${String(cause)}`)
    }
  }

  get entries(): readonly LocalEntry[] {
    return this.#entries
  }

  has(file: string): boolean {
    return this.#entries.some((e) => e.path === file)
  }

  async add(entry: LocalEntry): Promise<void> {
    this.#entries = [...this.#entries.filter((e) => e.path !== entry.path), entry]
    await this.#save()
  }

  async remove(file: string): Promise<void> {
    this.#entries = this.#entries.filter((e) => e.path !== file)
    await this.#save()
  }

  async #save(): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true })
    const tmp = `${this.path}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify({ version: 1, models: this.#entries }, null, 2))
    await rename(tmp, this.path)
  }
}
