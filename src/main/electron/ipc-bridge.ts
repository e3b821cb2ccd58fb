import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { isDesktopRequestChannel } from '../../shared/contract/desktop-channel-names'
import { err, type Result } from '../../shared/contract/result'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/ipc-channels'
import type { CoreEvents } from '../core/events'
import type { Dispatch } from '../core/rpc/dispatch'
import { isOurPage } from './page-url'
import { createRequestLimiter } from './request-limit'

/** The Electron shell's own side of the bridge: the desktop channels, and settings it applies. */
export interface DesktopBridge {
  /** Answers a desktop channel (validated there) for the window that asked. */
  handle(channel: string, input: unknown, window: BrowserWindow): Promise<Result<unknown>>
  /** A window changed the settings: the shell re-applies what it owns (shortcut, login item). */
  settingsChanged(): Promise<void>
}

/**
 * Binds the contract to Electron IPC: one invoke channel into the core's `dispatch` (or, for the
 * few desktop channels, the shell's own handler), one event channel out to every window. A request
 * is answered only if it comes from our own page in one of our windows (GitHub Desktop's
 * trusted-sender check).
 */
/** What the bridge needs of the core: the in-process core, or the supervisor of its process. */
export interface CoreLink {
  dispatch: Dispatch
  events: CoreEvents
}

export function bindIpc(core: CoreLink, desktop: DesktopBridge): () => void {
  const limited = createRequestLimiter()
  ipcMain.handle(
    IPC_INVOKE,
    async (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
      const window = trustedWindow(event)
      if (window === null)
        return err('INVALID_INPUT', 'Request refused: it did not come from a Hearth window.')
      if (isDesktopRequestChannel(channel)) return desktop.handle(channel, input, window)
      const result = await limited(event.sender.id, () => core.dispatch(channel, input))
      if (channel === 'settings.update' && result.ok) void desktop.settingsChanged()
      return result
    },
  )
  const stopEvents = core.events.onAny((channel, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, channel, payload)
    }
  })
  return () => {
    stopEvents()
    ipcMain.removeHandler(IPC_INVOKE)
  }
}

/** Sends a desktop event to one window (the quick prompt, or the main window). */
export function sendDesktopEvent(window: BrowserWindow, channel: string, payload: unknown): void {
  if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, channel, payload)
}

function trustedWindow(event: IpcMainInvokeEvent): BrowserWindow | null {
  const frame = event.senderFrame
  const window = BrowserWindow.fromWebContents(event.sender)
  if (frame === null || window === null) return null
  return isOurPage(frame.url) ? window : null
}
