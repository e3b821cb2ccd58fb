import { app, BrowserWindow, dialog } from 'electron'
import { openAppLog } from '../core/log/app-log'
import { bindIpc } from './ipc-bridge'
import { CoreSupervisor } from '../core-process/supervisor'
import { devServerUrl } from './page-url'
import { coreHostEntry, dataDir, rendererDir } from './paths'
import { startUtilityCore } from './utility-core'
import {
  denyAllPermissions,
  guardAllWebContents,
  registerAppScheme,
  serveAppProtocol,
} from './security'
import { createMainWindow } from './main-window'

/** The Electron shell: windows and glue only; every decision is in the core. */
export async function startElectronApp(): Promise<void> {
  // A second Hearth would fight over the same history and model memory: focus the first instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0]
    if (window === undefined) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.enableSandbox()
  registerAppScheme()
  guardAllWebContents(devServerUrl)
  await app.whenReady()
  denyAllPermissions()
  serveAppProtocol(rendererDir)

  const log = await openAppLog({ dataDir: dataDir(), name: 'shell' })
  // The core (llama.cpp, history, downloads) runs in a utility process: a native abort there ends
  // that process only; the supervisor tells the windows and restarts it.
  const core = new CoreSupervisor({
    log,
    spawn: () =>
      startUtilityCore(coreHostEntry, {
        dataDir: dataDir(),
        modelPathOverride: process.env['HEARTH_MODEL'] ?? null,
      }),
  })
  try {
    await core.start()
  } catch (cause) {
    // Only a history that cannot be opened at all (no FTS5 in this build, an unwritable data folder)
    // gets here; damaged files are moved aside and recovered inside the core.
    log.error('Hearth cannot start', cause)
    dialog.showErrorBox(
      'Hearth cannot start',
      cause instanceof Error ? cause.message : String(cause),
    )
    app.exit(1)
    return
  }
  const unbind = bindIpc(core)
  createMainWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    unbind()
    void core
      .stop()
      .then(() => log.close())
      .finally(() => app.quit())
  })
}
