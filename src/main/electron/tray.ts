import { Menu, nativeImage, nativeTheme, Tray, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import { resourcesDir } from './paths'
import {
  trayIconFile,
  trayMenuModel,
  trayTooltip,
  type TrayMenuItem,
  type TrayState,
} from './tray-menu'

/** The tray icon with the menu built by `trayMenuModel`; this file only hands it to Electron. */
export class HearthTray {
  readonly #tray: Tray
  readonly #onAction: (id: 'quick' | 'open' | 'new' | 'quit') => void

  constructor(onAction: (id: 'quick' | 'open' | 'new' | 'quit') => void) {
    this.#onAction = onAction
    this.#tray = new Tray(this.#image())
    // Linux and Windows open the menu on a click already; a click on macOS too.
    this.#tray.on('click', () => onAction('quick'))
    nativeTheme.on('updated', () => this.#tray.setImage(this.#image()))
  }

  update(state: TrayState): void {
    this.#tray.setToolTip(trayTooltip(state))
    this.#tray.setContextMenu(
      Menu.buildFromTemplate(trayMenuModel(state).map((item) => this.#toElectron(item))),
    )
  }

  destroy(): void {
    this.#tray.destroy()
  }

  #image() {
    const file = trayIconFile(process.platform, nativeTheme.shouldUseDarkColors)
    const image = nativeImage.createFromPath(join(resourcesDir, file))
    if (process.platform === 'darwin') image.setTemplateImage(true)
    return image
  }

  #toElectron(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' }
      case 'info':
        return { label: item.label, enabled: false }
      case 'action':
        return {
          label: item.label,
          ...(item.accelerator === undefined
            ? {}
            : { accelerator: item.accelerator, registerAccelerator: false }),
          click: () => this.#onAction(item.id),
        }
      default:
        return item satisfies never
    }
  }
}
