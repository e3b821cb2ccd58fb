import { session, shell, type WebContents } from 'electron'

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
 * Locks a window's web contents down: no navigation away from the renderer, no new windows (http(s)
 * links open in the system browser instead), and no permission prompts (camera, notifications...).
 */
export function hardenWebContents(contents: WebContents, ownUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!ownUrl(url)) {
      event.preventDefault()
      if (isExternalWebLink(url)) void shell.openExternal(url)
    }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
}
