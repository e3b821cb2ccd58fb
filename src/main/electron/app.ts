import { app, dialog, safeStorage } from 'electron'
import { CoreSupervisor } from '../core-process/supervisor'
import { openAppLog } from '../core/log/app-log'
import { DesktopController } from './desktop-controller'
import { DesktopStateFile } from './desktop-state'
import { bindIpc, type CoreLink } from './ipc-bridge'
import { secondInstanceAction } from './launch-rules'
import { devServerUrl } from './page-url'
import { coreHostEntry, dataDir, rendererDir } from './paths'
import { keychainSecretsKey } from './sealed-secrets'
import {
  denyAllPermissions,
  guardAllWebContents,
  registerAppScheme,
  serveAppProtocol,
} from './security'
import { startUpdates } from './updater'
import { startUtilityCore } from './utility-core'

/** The Electron shell: windows and glue only; every decision is a tested function or the core's. */
export async function startElectronApp(): Promise<void> {
  // A second Hearth would fight over the same history and model memory: the first one answers.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  let controller: DesktopController | null = null
  app.on('second-instance', (_event, argv) => {
    if (controller === null) return
    if (secondInstanceAction(argv) === 'quick') controller.showQuick()
    else controller.showMain()
  })
  app.enableSandbox()
  registerAppScheme()
  guardAllWebContents(devServerUrl)
  await app.whenReady()
  denyAllPermissions()
  serveAppProtocol(rendererDir)

  const log = await openAppLog({ dataDir: dataDir(), name: 'shell' })
  // The Hugging Face token is sealed under a key the OS keychain keeps (null: the 0600 file).
  const secretsKey = await keychainSecretsKey(
    dataDir(),
    safeStorage,
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  ).catch((cause: unknown) => {
    log.error('The system keychain could not be used; the token stays in a 0600 file', cause)
    return null
  })
  // The core (llama.cpp, history, downloads) runs in a utility process: a native abort there ends
  // that process only; the supervisor tells the windows and restarts it.
  const core = new CoreSupervisor({
    log,
    spawn: () =>
      startUtilityCore(
        coreHostEntry,
        { dataDir: dataDir(), modelPathOverride: process.env['HEARTH_MODEL'] ?? null },
        secretsKey,
      ),
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
  const desktop = new DesktopController({
    core,
    state: await DesktopStateFile.open(dataDir()),
    logFolder: log.folder,
  })
  controller = desktop
  // The Electron specs read the tray menu and shortcut through this; never set in normal use.
  if (process.env['HEARTH_E2E'] === '1') Reflect.set(globalThis, 'hearthDesktop', desktop)
  const unbind = bindIpc(core, desktop)
  await desktop.start(process.argv)
  void startUpdates({
    setting: await updateSetting(core),
    saveSetting: async (value) => {
      await core.dispatch('settings.update', { updateChecks: value })
    },
    log: (message, detail) => log.error(message, detail),
  })

  app.on('activate', () => desktop.showMain())
  app.on('window-all-closed', () => {
    // With the tray, Hearth keeps running; without one (or on Quit), closing the last window quits.
    if (process.platform !== 'darwin' && (!desktop.trayAvailable || desktop.quitting)) app.quit()
  })
  // Quit from the menu, the dock or the OS: the main window closes instead of hiding in the tray.
  app.on('before-quit', () => desktop.markQuitting())
  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed) return
    // Quit really quits: the core stops replies (their last text is saved) and closes the store.
    event.preventDefault()
    disposed = true
    desktop.dispose()
    unbind()
    void core
      .stop()
      .then(() => log.close())
      .finally(() => app.quit())
  })
}

async function updateSetting(core: CoreLink): Promise<'ask' | 'allowed' | 'denied'> {
  const result = await core.dispatch('settings.get', {})
  if (!result.ok) return 'ask'
  const value: unknown = Reflect.get(result.value as object, 'updateChecks')
  return value === 'allowed' || value === 'denied' ? value : 'ask'
}
