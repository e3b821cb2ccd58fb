import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { err } from '../../shared/contract/result'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/ipc-channels'
import type { CoreEvents } from '../core/events'
import type { Dispatch } from '../core/rpc/dispatch'
import { isOurPage } from './page-url'

/**
 * Binds the contract to Electron IPC: one invoke channel into the core's `dispatch`, one event
 * channel out to every window. A request is answered only if it comes from our own page in one of
 * our windows (GitHub Desktop's trusted-sender check).
 */
export function bindIpc(core: { dispatch: Dispatch; events: CoreEvents }): () => void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event))
      return err('INVALID_INPUT', 'Request refused: it did not come from a Hearth window.')
    return core.dispatch(channel, input)
  })
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

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  if (frame === null || BrowserWindow.fromWebContents(event.sender) === null) return false
  return isOurPage(frame.url)
}
