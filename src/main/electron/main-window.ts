import type { BrowserWindow } from 'electron'
import { pageUrl } from './page-url'
import { createSecureWindow } from './windows'

/** The main chat window, loaded from `app://hearth/index.html` (the CSP comes as a header). */
export function createMainWindow(): BrowserWindow {
  const window = createSecureWindow({
    width: 1100,
    height: 760,
    minWidth: 520,
    minHeight: 400,
    show: false,
    title: 'Hearth',
    autoHideMenuBar: true,
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(pageUrl(''))
  return window
}
