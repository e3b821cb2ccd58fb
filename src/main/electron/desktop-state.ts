import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

const RectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
})

/**
 * What the Electron shell remembers between runs that is not a setting: where the main window was,
 * and which one-time notices were shown. Kept in `desktop-state.json` in the data folder.
 */
const DesktopStateSchema = z.object({
  window: z.object({ bounds: RectSchema, maximized: z.boolean() }).nullable(),
  trayNoticeShown: z.boolean(),
  /** The shortcut whose failed registration was last notified (once per shortcut). */
  shortcutNoticedFor: z.string().nullable(),
})
export type DesktopState = z.infer<typeof DesktopStateSchema>

const EMPTY: DesktopState = { window: null, trayNoticeShown: false, shortcutNoticedFor: null }

/** The shell's remembered state; a missing or damaged file is simply a fresh start. */
export class DesktopStateFile {
  readonly #path: string
  #state: DesktopState
  #writing: Promise<unknown> = Promise.resolve()

  private constructor(path: string, state: DesktopState) {
    this.#path = path
    this.#state = state
  }

  static async open(dataDir: string): Promise<DesktopStateFile> {
    const path = join(dataDir, 'desktop-state.json')
    let state = EMPTY
    try {
      const parsed = DesktopStateSchema.partial().safeParse(
        JSON.parse(await readFile(path, 'utf8')),
      )
      if (parsed.success) state = { ...EMPTY, ...parsed.data }
    } catch {
      // None yet, or unreadable: window placement and notices start over; nothing else depends on it.
    }
    return new DesktopStateFile(path, state)
  }

  get current(): DesktopState {
    return this.#state
  }

  /** Applies a change and writes the file (atomically, one write at a time). */
  update(patch: Partial<DesktopState>): Promise<void> {
    this.#state = { ...this.#state, ...patch }
    const snapshot = this.#state
    const write = this.#writing.then(async () => {
      await mkdir(join(this.#path, '..'), { recursive: true, mode: 0o700 })
      const temporary = `${this.#path}.${process.pid}.tmp`
      await writeFile(temporary, `${JSON.stringify(snapshot)}\n`, { mode: 0o600 })
      await rename(temporary, this.#path)
    })
    this.#writing = write.catch(() => undefined)
    return write
  }
}
