import {
  app,
  BrowserWindow,
  clipboard,
  Menu,
  Notification,
  shell,
  type BrowserWindow as Window,
} from 'electron'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname } from 'node:path'
import {
  DesktopQuickInputSchema,
  MAX_CLIPBOARD_CHARS,
  type DesktopInfo,
  type ShortcutState,
} from '../../shared/contract/desktop'
import { err, ok, type Result } from '../../shared/contract/result'
import { effectiveQuickShortcut } from '../../shared/contract/schemas/desktop-settings'
import type { DownloadStatus } from '../../shared/contract/schemas/models'
import { PublicSettingsSchema, type PublicSettings } from '../../shared/contract/schemas/settings'
import type { AppStatus } from '../../shared/contract/schemas/status'
import { aboutCredits } from './about'
import { appMenuTemplate } from './app-menu'
import type { DesktopStateFile } from './desktop-state'
import { sendDesktopEvent, type CoreLink, type DesktopBridge } from './ipc-bridge'
import { decideMainWindowClose, firstLaunchView, loginItemSettings } from './launch-rules'
import { autostartExecutable, linuxAutostartEntry, linuxAutostartPath } from './linux-autostart'
import { bringForward, createMainWindow } from './main-window'
import {
  downloadNotification,
  shortcutFailureNotice,
  TRAY_NOTICE,
  type NoticeText,
} from './notification-rules'
import { createQuickWindow, showQuickWindow } from './quick-window'
import { shouldNoticeShortcutFailure } from './shortcut-rules'
import { applyQuickShortcut } from './shortcuts'
import { HearthTray } from './tray'
import { trayMenuModel, type TrayMenuItem, type TrayState } from './tray-menu'
import { appVersions } from './versions'

/**
 * The Electron shell's glue: windows, tray, global shortcut, menu and notifications, fed by the
 * core's events and the settings. Every decision it acts on comes from a tested rule module.
 */
export class DesktopController implements DesktopBridge {
  readonly #core: CoreLink
  readonly #state: DesktopStateFile
  readonly #logFolder: string
  #main: Window | null = null
  #quick: Window | null = null
  #tray: HearthTray | null = null
  #settings: PublicSettings | null = null
  #shortcut: ShortcutState = { accelerator: '', registered: false, error: null }
  #status: AppStatus | null = null
  #download: DownloadStatus | null = null
  readonly #phases = new Map<string, DownloadStatus['phase']>()
  readonly #replying = new Set<string>()
  #quitting = false

  constructor(options: { core: CoreLink; state: DesktopStateFile; logFolder: string }) {
    this.#core = options.core
    this.#state = options.state
    this.#logFolder = options.logFolder
  }

  get quitting(): boolean {
    return this.#quitting
  }

  /** Builds the tray, menu and shortcut, and shows what the launch asked for. */
  async start(argv: readonly string[]): Promise<void> {
    try {
      this.#tray = new HearthTray((id) => this.#trayAction(id))
    } catch {
      // Some Linux desktops have no tray: closing the window then quits, as usual there.
      this.#tray = null
    }
    this.#core.events.onAny((channel, payload) => this.#onCoreEvent(channel, payload))
    await this.settingsChanged()
    app.setAboutPanelOptions({
      applicationName: 'Hearth',
      applicationVersion: app.getVersion(),
      credits: aboutCredits(appVersions()),
    })
    const view = firstLaunchView(argv, this.#tray !== null)
    if (view === 'main') this.showMain()
    else if (view === 'quick') this.showQuick()
  }

  get trayAvailable(): boolean {
    return this.#tray !== null
  }

  /** Re-reads the settings and applies what the shell owns: shortcut, login item, menu, tray. */
  async settingsChanged(): Promise<void> {
    const result = await this.#core.dispatch('settings.get', {})
    const parsed = result.ok ? PublicSettingsSchema.safeParse(result.value) : null
    if (parsed?.success !== true) return
    this.#settings = parsed.data
    const accelerator = effectiveQuickShortcut(parsed.data.quickShortcut, process.platform)
    if (accelerator !== this.#shortcut.accelerator || !this.#shortcut.registered) {
      this.#shortcut = applyQuickShortcut(accelerator, () => this.toggleQuick())
      if (shouldNoticeShortcutFailure(this.#shortcut, this.#state.current.shortcutNoticedFor)) {
        this.#notify(shortcutFailureNotice(this.#shortcut.error ?? ''))
        await this.#state
          .update({ shortcutNoticedFor: this.#shortcut.accelerator })
          .catch(() => undefined)
      }
    }
    await this.#applyOpenAtLogin(parsed.data.openAtLogin)
    this.#refresh()
    for (const window of BrowserWindow.getAllWindows())
      sendDesktopEvent(window, 'desktop.infoChanged', this.info())
  }

  info(): DesktopInfo {
    return {
      platform: process.platform,
      shortcut: this.#shortcut,
      trayAvailable: this.#tray !== null,
      versions: appVersions(),
    }
  }

  async handle(channel: string, input: unknown, window: Window): Promise<Result<unknown>> {
    switch (channel) {
      case 'desktop.info':
        return ok(this.info())
      case 'desktop.clipboard': {
        // Read only on the user's click or Ctrl/Cmd+Shift+V in the quick prompt; never logged.
        const text = await clipboard.readText()
        return ok({ text: text.slice(0, MAX_CLIPBOARD_CHARS + 1) })
      }
      case 'desktop.quick': {
        const parsed = DesktopQuickInputSchema.safeParse(input)
        if (!parsed.success)
          return err('INVALID_INPUT', 'The quick prompt asked for something unknown.')
        if (window !== this.#quick)
          return err('INVALID_INPUT', 'Only the quick prompt can ask that.')
        window.hide()
        if (parsed.data.action === 'continue') this.openConversation(parsed.data.conversationId)
        return ok(null)
      }
      default:
        return err('UNKNOWN_CHANNEL', `Hearth has no request named ${channel}.`)
    }
  }

  showMain(): Window {
    if (this.#main === null || this.#main.isDestroyed()) {
      const window = createMainWindow(this.#state, true)
      window.on('close', (event) => this.#onMainClose(event, window))
      window.on('closed', () => (this.#main = null))
      this.#main = window
    } else bringForward(this.#main)
    return this.#main
  }

  showQuick(): void {
    if (this.#quick === null || this.#quick.isDestroyed()) {
      const window = createQuickWindow()
      window.on('closed', () => (this.#quick = null))
      window.once('ready-to-show', () => showQuickWindow(window))
      this.#quick = window
      return
    }
    showQuickWindow(this.#quick)
  }

  /** The global shortcut: shows the quick prompt, or hides it when it has the focus. */
  toggleQuick(): void {
    if (this.#quick !== null && !this.#quick.isDestroyed() && this.#quick.isFocused())
      this.#quick.hide()
    else this.showQuick()
  }

  openConversation(conversationId: string | null): void {
    const window = this.showMain()
    const send = () =>
      conversationId === null
        ? sendDesktopEvent(window, 'desktop.newConversation', {})
        : sendDesktopEvent(window, 'desktop.openConversation', { conversationId })
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send)
    else send()
  }

  /** Quit for real: stop replies (their last text is saved) and close the store; see app.ts. */
  quit(): void {
    this.#quitting = true
    app.quit()
  }

  /** Quitting was started elsewhere (the app menu, the dock, the OS): windows close for real. */
  markQuitting(): void {
    this.#quitting = true
  }

  dispose(): void {
    this.#tray?.destroy()
    this.#tray = null
  }

  async #applyOpenAtLogin(open: boolean): Promise<void> {
    if (process.platform !== 'linux') {
      app.setLoginItemSettings(loginItemSettings(open))
      return
    }
    const path = linuxAutostartPath(process.env, homedir())
    try {
      if (open) {
        await mkdir(dirname(path), { recursive: true })
        await writeFile(
          path,
          linuxAutostartEntry(autostartExecutable(process.env, process.execPath)),
        )
      } else await rm(path, { force: true })
    } catch {
      // An unwritable autostart folder: Hearth simply does not start at login.
    }
  }

  #trayAction(id: 'quick' | 'open' | 'new' | 'quit'): void {
    if (id === 'quick') this.showQuick()
    else if (id === 'open') this.showMain()
    else if (id === 'new') this.openConversation(null)
    else this.quit()
  }

  #onMainClose(event: { preventDefault(): void }, window: Window): void {
    const decision = decideMainWindowClose({
      quitting: this.#quitting,
      closeToTray: this.#settings?.closeToTray ?? true,
      trayAvailable: this.#tray !== null,
      trayNoticeShown: this.#state.current.trayNoticeShown,
    })
    if (decision.action === 'close') {
      // The hidden quick window would keep Hearth alive: closing the main window quits (not on macOS,
      // where apps stay in the dock).
      if (!this.#quitting && process.platform !== 'darwin') this.quit()
      return
    }
    event.preventDefault()
    window.hide()
    if (decision.showTrayNotice) {
      this.#notify(TRAY_NOTICE)
      void this.#state.update({ trayNoticeShown: true }).catch(() => undefined)
    }
  }

  #onCoreEvent(channel: string, payload: unknown): void {
    if (channel === 'app.statusChanged') this.#status = payload as AppStatus
    else if (channel === 'models.downloadChanged') {
      const status = payload as DownloadStatus
      const focused = BrowserWindow.getAllWindows().some((window) => window.isFocused())
      const notice = downloadNotification(this.#phases.get(status.downloadId), status, focused)
      this.#phases.set(status.downloadId, status.phase)
      if (notice !== null) this.#notify(notice)
      this.#download = status
    } else if (channel === 'chat.delta')
      this.#replying.add((payload as { generationId: string }).generationId)
    else if (channel === 'chat.done')
      this.#replying.delete((payload as { generationId: string }).generationId)
    else return
    this.#refresh()
  }

  /** What the Electron specs inspect (exposed only with HEARTH_E2E=1): the tray's menu and the shortcut. */
  snapshot(): { trayMenu: TrayMenuItem[] | null; shortcut: ShortcutState } {
    return {
      trayMenu: this.#tray === null ? null : trayMenuModel(this.#trayState()),
      shortcut: this.#shortcut,
    }
  }

  #trayState(): TrayState {
    return {
      quickShortcut: this.#shortcut.registered ? this.#shortcut.accelerator : '',
      status: this.#status,
      download: this.#download,
      replying: this.#replying.size > 0,
    }
  }

  #refresh(): void {
    const { quickShortcut } = this.#trayState()
    this.#tray?.update(this.#trayState())
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          logFolderExists: existsSync(this.#logFolder),
          quickShortcut,
          actions: {
            newConversation: () => this.openConversation(null),
            quickPrompt: () => this.showQuick(),
            showAbout: () => app.showAboutPanel(),
            openLogFolder: () => void shell.openPath(this.#logFolder),
            openSettings: () => this.showMain(),
          },
        }),
      ),
    )
  }

  #notify(text: NoticeText): void {
    if (Notification.isSupported()) new Notification(text).show()
  }
}
