import { app, protocol, session, shell, type WebContents } from 'electron'
import { readFile } from 'node:fs/promises'
import { answerAppRequest, APP_SCHEME } from './app-protocol'
import { decideNavigation, decideWindowOpen } from './navigation-policy'

/**
 * Registers `app://` as a privileged standard scheme: a real origin for the page (web storage,
 * relative URLs, fetch), treated as secure. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Serves the renderer build on `app://hearth/`, every answer carrying the production CSP. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = answerAppRequest(request.method, request.url, rendererDir)
    if (answer.kind === 'error')
      return new Response(answer.text, { status: answer.status, headers: answer.headers })
    try {
      const body = await readFile(answer.file)
      return new Response(request.method === 'HEAD' ? null : body, { headers: answer.headers })
    } catch {
      return new Response('Not found', {
        status: 404,
        headers: { ...answer.headers, 'Content-Type': 'text/plain; charset=utf-8' },
      })
    }
  })
}

/**
 * One guard for every web contents the app ever creates (windows, and anything a page might try to
 * make): no navigation away from our pages, no new windows (http(s) links go to the system browser),
 * no `<webview>`.
 */
export function guardAllWebContents(devServerUrl: string | null): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      const { openExternally } = decideWindowOpen(url)
      if (openExternally !== null) void shell.openExternal(openExternally) // eng-disable OPEN_EXTERNAL_JS_CHECK because only http and https URLs get here
      return { action: 'deny' }
    })
    const onNavigate = (event: { preventDefault(): void }, url: string) => {
      const decision = decideNavigation(url, devServerUrl)
      if (decision.allow) return
      event.preventDefault()
      if (decision.openExternally !== null) void shell.openExternal(decision.openExternally) // eng-disable OPEN_EXTERNAL_JS_CHECK because only http and https URLs get here
    }
    contents.on('will-navigate', onNavigate)
    contents.on('will-redirect', onNavigate)
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

/**
 * Refuses every permission request and check (camera, microphone, notifications from the page,
 * clipboard reads, devices): Hearth's pages need none. Desktop notifications come from main.
 */
export function denyAllPermissions(): void {
  const target = session.defaultSession
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  target.setPermissionCheckHandler(() => false)
  target.setDevicePermissionHandler(() => false)
  // Spellcheck is off in every window; this also keeps Chromium from fetching dictionaries.
  target.setSpellCheckerEnabled(false)
}
