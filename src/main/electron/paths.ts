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
/** App and tray icons (unpacked from the asar: the OS reads them by path). */
export const resourcesDir = join(here, '../../resources').replace(
  /app\.asar([\\/])/,
  'app.asar.unpacked$1',
)
export const windowIcon = join(resourcesDir, 'icon.png')
