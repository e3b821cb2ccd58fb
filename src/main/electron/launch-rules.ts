/** What a launch asks for: `--quick` opens the quick prompt, `--hidden` (login item) starts in the tray. */
export interface LaunchRequest {
  quick: boolean
  hidden: boolean
}

/** Reads Hearth's own flags from a command line (Electron's and Chromium's are ignored). */
export function parseLaunchArgs(argv: readonly string[]): LaunchRequest {
  return { quick: argv.includes('--quick'), hidden: argv.includes('--hidden') }
}

/**
 * Single instance: a second launch never starts a second Hearth. The first one is asked to show
 * the quick prompt (launched with `--quick`, e.g. from a desktop shortcut) or else to bring its main
 * window forward.
 */
export function secondInstanceAction(argv: readonly string[]): 'quick' | 'focus' {
  return parseLaunchArgs(argv).quick ? 'quick' : 'focus'
}

/** What the first launch shows: the quick prompt, nothing (started at login, in the tray), or the main window. */
export function firstLaunchView(
  argv: readonly string[],
  trayAvailable: boolean,
): 'quick' | 'none' | 'main' {
  const request = parseLaunchArgs(argv)
  if (request.quick) return 'quick'
  // Hidden only where a tray lets the user reach Hearth again.
  if (request.hidden && trayAvailable) return 'none'
  return 'main'
}

/** The login item: start hidden in the tray, where the platform has one. */
export function loginItemSettings(openAtLogin: boolean): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin, args: openAtLogin ? ['--hidden'] : [] }
}

/** What closing the main window does. */
export interface CloseDecision {
  action: 'hide' | 'close'
  /** Say once that Hearth keeps running in the tray. */
  showTrayNotice: boolean
}

/**
 * Closing the main window keeps Hearth in the tray when the setting is on and a tray exists (and
 * the user is not quitting); the first time, a notice says so. Otherwise the window closes (and on
 * Windows and Linux, with no window left, the app quits).
 */
export function decideMainWindowClose(options: {
  quitting: boolean
  closeToTray: boolean
  trayAvailable: boolean
  trayNoticeShown: boolean
}): CloseDecision {
  if (options.quitting || !options.closeToTray || !options.trayAvailable)
    return { action: 'close', showTrayNotice: false }
  return { action: 'hide', showTrayNotice: !options.trayNoticeShown }
}
