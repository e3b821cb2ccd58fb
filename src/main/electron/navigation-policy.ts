import { APP_HOST, APP_SCHEME } from './app-protocol'

/** Only http(s) links leave the app, and only to the system browser. */
export function isExternalWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * Where the windows load the renderer from. `ELECTRON_RENDERER_URL` (electron-vite's dev server, for
 * hot reload) is honoured only in a development build that is not packaged: in the shipped app an
 * environment variable must never point the windows at another page.
 */
export function rendererBase(options: {
  devBuild: boolean
  packaged: boolean
  devServerUrl: string | undefined
}): { kind: 'dev-server'; url: string } | { kind: 'app' } {
  if (options.devBuild && !options.packaged && options.devServerUrl !== undefined) {
    if (isLoopbackHttpUrl(options.devServerUrl))
      return { kind: 'dev-server', url: options.devServerUrl }
  }
  return { kind: 'app' }
}

function isLoopbackHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (
      parsed.protocol === 'http:' &&
      (parsed.hostname === 'localhost' ||
        parsed.hostname === '127.0.0.1' ||
        parsed.hostname === '[::1]')
    )
  } catch {
    return false
  }
}

/**
 * Whether `url` is one of our own pages (the main view or `#/quick`): `app://hearth/index.html`, or
 * the dev server's index in development. Used to refuse IPC from anything else and to block every
 * navigation away from the renderer.
 */
export function isOwnPage(url: string, devServerUrl: string | null): boolean {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return false
  }
  if (devServerUrl !== null) {
    const own = new URL(devServerUrl)
    return (
      target.protocol === own.protocol && target.host === own.host && isIndexPath(target.pathname)
    )
  }
  return (
    target.protocol === `${APP_SCHEME}:` && target.host === APP_HOST && isIndexPath(target.pathname)
  )
}

function isIndexPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html'
}

/** What to do when a page tries to go somewhere: stay (same page, other route), or refuse and maybe open the system browser. */
export type NavigationDecision = { allow: true } | { allow: false; openExternally: string | null }

/**
 * Navigation inside a window is allowed only between our own pages (a route change); anything else
 * is refused, and an http(s) link goes to the system browser instead.
 */
export function decideNavigation(url: string, devServerUrl: string | null): NavigationDecision {
  if (isOwnPage(url, devServerUrl)) return { allow: true }
  return { allow: false, openExternally: isExternalWebLink(url) ? url : null }
}

/** A page may never open a window of its own; an http(s) link opens in the system browser. */
export function decideWindowOpen(url: string): { openExternally: string | null } {
  return { openExternally: isExternalWebLink(url) ? url : null }
}
