import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { HearthBridge } from '../shared/contract/bridge'
import { isEventChannel, isRequestChannel } from '../shared/contract/channel-names'
import {
  isDesktopEventChannel,
  isDesktopRequestChannel,
} from '../shared/contract/desktop-channel-names'
import { IPC_EVENT, IPC_INVOKE } from '../shared/contract/ipc-channels'

/**
 * The whole surface the renderer gets: `invoke` and `on`, for the contract's channel names (and the
 * Electron shell's few desktop channels) only. Main validates every input again; this filter keeps
 * the renderer from reaching any other IPC.
 */
const bridge: HearthBridge = {
  invoke(channel, input) {
    if (!isRequestChannel(channel) && !isDesktopRequestChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'UNKNOWN_CHANNEL',
          message: `Hearth has no request named ${channel}.`,
        },
      })
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input)
  },
  on(channel, listener) {
    if (!isEventChannel(channel) && !isDesktopEventChannel(channel)) return () => undefined
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === channel) listener(payload)
    }
    ipcRenderer.on(IPC_EVENT, handler)
    return () => {
      ipcRenderer.off(IPC_EVENT, handler)
    }
  },
}

contextBridge.exposeInMainWorld('hearth', bridge)
