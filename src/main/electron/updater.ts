import { app, dialog } from 'electron'
import electronUpdater from 'electron-updater'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { updateAction } from './update-rules'

/**
 * electron-updater, wired to the publish provider a maintainer fills in (electron-builder.yml
 * `publish`, which writes app-update.yml into the package). Nothing is contacted before the user
 * allowed it once; then updates download in the background and Hearth offers to restart.
 */
export async function startUpdates(options: {
  setting: 'ask' | 'allowed' | 'denied'
  saveSetting: (value: 'allowed' | 'denied') => Promise<void>
  log: (message: string, detail?: unknown) => void
}): Promise<void> {
  const action = updateAction({
    setting: options.setting,
    packaged: app.isPackaged,
    providerConfigured: existsSync(join(process.resourcesPath, 'app-update.yml')),
  })
  if (action === 'none') return
  if (action === 'ask') {
    const answer = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Check for updates', 'Not now'],
      defaultId: 0,
      cancelId: 1,
      message: 'Should Hearth look for updates?',
      detail:
        'Hearth would ask the update server for a newer version now and then, and download it in the background. Nothing else is sent. You can change this in Settings.',
    })
    const allowed = answer.response === 0
    await options.saveSetting(allowed ? 'allowed' : 'denied')
    if (!allowed) return
  }
  const { autoUpdater } = electronUpdater
  autoUpdater.autoDownload = true
  autoUpdater.on('error', (cause) => options.log('Update check failed', cause))
  autoUpdater.on('update-downloaded', (info) => {
    void dialog
      .showMessageBox({
        type: 'info',
        buttons: ['Restart now', 'Later'],
        defaultId: 0,
        cancelId: 1,
        message: `Hearth ${info.version} is ready`,
        detail: 'Restart Hearth to use the new version. A reply being written is saved first.',
      })
      .then(({ response }) => {
        if (response === 0) autoUpdater.quitAndInstall()
      })
  })
  await autoUpdater
    .checkForUpdates()
    .catch((cause: unknown) => options.log('Update check failed', cause))
}
