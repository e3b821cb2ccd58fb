import { app } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Settings and history live in the OS's per-user app data folder (e.g. ~/.config/Hearth). */
export function dataDir(): string {
  return app.getPath('userData')
}

/** The core's own process, a utility process (electron/core-entry.ts). */
export const coreHostEntry = join(here, 'electron-core.js')
export const preloadPath = join(here, '../preload/index.cjs')
/** The renderer build, served on `app://hearth/`. */
export const rendererDir = join(here, '../renderer')
export const windowIcon = join(here, '../../resources/icon.png')
