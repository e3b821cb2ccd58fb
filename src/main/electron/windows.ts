// eng-disable AUXCLICK_JS_CHECK because the app-wide web-contents guard refuses every new window
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { preloadPath, windowIcon } from './paths'

/**
 * Every Hearth window is made here, with the same locked-down page: isolated, sandboxed, no Node in
 * the page, the contract-only preload, spellcheck off (Chromium would fetch dictionaries otherwise).
 * A middle click cannot open anything: the app-wide web-contents guard refuses every new window.
 */
export function createSecureWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
): BrowserWindow {
  return new BrowserWindow({
    icon: windowIcon,
    ...options,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK because it exposes only invoke and on for the contract channel names
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
}
