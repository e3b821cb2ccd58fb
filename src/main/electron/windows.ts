import { BrowserWindow } from 'electron'
import { pathToFileURL } from 'node:url'
import { preloadPath, rendererIndex, windowIcon } from './paths'
import { hardenWebContents } from './security'

/** electron-vite sets this in `npm run dev` so the window loads the dev server with hot reload. */
const devServerUrl = process.env['ELECTRON_RENDERER_URL']

export function rendererUrl(): string {
  return devServerUrl ?? pathToFileURL(rendererIndex).toString()
}

function isOwnUrl(url: string): boolean {
  const own = new URL(rendererUrl())
  const target = new URL(url)
  return target.origin === own.origin && target.pathname === own.pathname
}

/** The main chat window: isolated, sandboxed, no Node in the page, the CSP in the page's meta tag. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 520,
    minHeight: 400,
    show: false,
    title: 'Hearth',
    icon: windowIcon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  hardenWebContents(window.webContents, isOwnUrl)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}
