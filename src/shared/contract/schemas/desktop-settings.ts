import { z } from 'zod'

/**
 * The desktop assistant's settings (issue 16): the quick prompt's global shortcut, the tray, start
 * at login and update checks. Kept in settings.json with the rest; the Electron shell applies them,
 * headless mode shows them but has no shortcut, tray or login item.
 */
export const DESKTOP_SETTINGS_FIELDS = {
  /**
   * The global shortcut that opens the quick prompt, as an Electron accelerator
   * ("CommandOrControl+Alt+Space"). null: the platform's default; empty: no shortcut at all.
   */
  quickShortcut: z.string().max(100).nullable(),
  /** Minutes within which showing the quick prompt again returns to the same quick conversation; 0: always a new one. */
  quickReuseMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Closing the main window keeps Hearth running in the tray (where the desktop has one). */
  closeToTray: z.boolean(),
  /** Start Hearth (hidden, in the tray) when the user logs in. */
  openAtLogin: z.boolean(),
  /** Whether Hearth may look for updates: asked once ("ask" until then). */
  updateChecks: z.enum(['ask', 'allowed', 'denied']),
}

export const DEFAULT_DESKTOP_SETTINGS = {
  quickShortcut: null,
  quickReuseMinutes: 10,
  closeToTray: true,
  openAtLogin: false,
  updateChecks: 'ask',
} as const satisfies {
  [K in keyof typeof DESKTOP_SETTINGS_FIELDS]: z.infer<(typeof DESKTOP_SETTINGS_FIELDS)[K]>
}

/**
 * The quick prompt's default shortcut: free on the three platforms. macOS users know Option+Space
 * from launchers; elsewhere Ctrl+Alt+Space is unclaimed by GNOME, KDE and Windows.
 */
export function defaultQuickShortcut(platform: string): string {
  return platform === 'darwin' ? 'Alt+Space' : 'Control+Alt+Space'
}

/** The shortcut in force: the setting, or the platform's default when it is null; '' means off. */
export function effectiveQuickShortcut(setting: string | null, platform: string): string {
  return setting ?? defaultQuickShortcut(platform)
}
