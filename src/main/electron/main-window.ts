import { screen, type BrowserWindow } from 'electron'
import type { DesktopStateFile } from './desktop-state'
import { pageUrl } from './page-url'
import { MIN_WINDOW_SIZE, restoreWindowState } from './window-state'
import { createSecureWindow } from './windows'

/**
 * The main chat window, loaded from `app://hearth/index.html` (the CSP comes as a header), placed
 * where it was last time if that display still exists, else centred on the primary display. Its
 * size, place and maximised state are saved as they change.
 */
export function createMainWindow(state: DesktopStateFile, show: boolean): BrowserWindow {
  const placement = restoreWindowState(
    state.current.window,
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  )
  const window = createSecureWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Hearth',
    autoHideMenuBar: true,
  })
  if (placement.maximized) window.maximize()
  if (show) window.once('ready-to-show', () => window.show())

  let timer: ReturnType<typeof setTimeout> | null = null
  const save = () => {
    if (window.isDestroyed()) return
    void state
      .update({ window: { bounds: window.getNormalBounds(), maximized: window.isMaximized() } })
      .catch(() => undefined)
  }
  const saveSoon = () => {
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', save)
  void window.loadURL(pageUrl(''))
  return window
}

/** Brings a window forward: shown, restored from the dock or taskbar, focused. */
export function bringForward(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
