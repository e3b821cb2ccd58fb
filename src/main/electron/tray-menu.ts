import type { DownloadStatus } from '../../shared/contract/schemas/models'
import type { AppStatus } from '../../shared/contract/schemas/status'

/** One item of the tray's menu, as plain data; `tray.ts` hands it to Electron. */
export type TrayMenuItem =
  | {
      kind: 'action'
      id: 'quick' | 'open' | 'new' | 'quit'
      label: string
      /** Shown beside the label (the global shortcut); Electron does not register it. */
      accelerator?: string
    }
  | { kind: 'info'; id: 'model'; label: string }
  | { kind: 'separator' }

/** What the tray menu shows. */
export interface TrayState {
  /** The global shortcut in force ('' when off or not registered). */
  quickShortcut: string
  status: AppStatus | null
  /** The running download, if any. */
  download: DownloadStatus | null
  /** A reply is being written (the quick window may be hidden). */
  replying: boolean
}

/**
 * The tray's menu for the app's state: Quick prompt (with its shortcut), Open Hearth, New
 * conversation, the model's state (loading / ready / downloading 42 % / no model), Quit.
 */
export function trayMenuModel(state: TrayState): TrayMenuItem[] {
  return [
    {
      kind: 'action',
      id: 'quick',
      label: 'Quick prompt',
      ...(state.quickShortcut === '' ? {} : { accelerator: state.quickShortcut }),
    },
    { kind: 'action', id: 'open', label: 'Open Hearth' },
    { kind: 'action', id: 'new', label: 'New conversation' },
    { kind: 'separator' },
    { kind: 'info', id: 'model', label: modelLine(state) },
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: 'Quit Hearth' },
  ]
}

/** The tray icon's tooltip: the app and what it is doing. */
export function trayTooltip(state: TrayState): string {
  return `Hearth: ${modelLine(state)}`
}

function modelLine(state: TrayState): string {
  const download = state.download
  if (download !== null && isActive(download)) {
    const percent =
      download.totalBytes !== null && download.totalBytes > 0
        ? Math.floor((download.bytesDone / download.totalBytes) * 100)
        : null
    const verb = download.phase === 'paused' ? 'Download paused' : 'Downloading'
    return percent === null ? `${verb} ${download.name}` : `${verb} ${download.name}: ${percent} %`
  }
  if (state.replying) return 'Writing a reply…'
  const status = state.status
  if (status === null) return 'Starting…'
  switch (status.state) {
    case 'ready':
      return `Ready: ${status.modelName ?? 'model loaded'}`
    case 'loading':
      return `Loading ${status.modelName ?? 'the model'}…`
    case 'no-model':
      return 'No model'
    case 'error':
      return 'The model could not be loaded'
    default:
      return status.state satisfies never
  }
}

function isActive(download: DownloadStatus): boolean {
  return (
    download.phase === 'checking' ||
    download.phase === 'downloading' ||
    download.phase === 'verifying' ||
    download.phase === 'paused'
  )
}

/**
 * The tray image for the platform: macOS takes a monochrome template image (the system tints it
 * for light and dark menu bars); Windows an .ico-sized PNG; Linux panels a 32 px PNG, light or dark.
 */
export function trayIconFile(platform: string, darkPanel: boolean): string {
  if (platform === 'darwin') return 'trayTemplate.png'
  if (platform === 'win32') return darkPanel ? 'tray-dark-16.png' : 'tray-light-16.png'
  return darkPanel ? 'tray-dark-32.png' : 'tray-light-32.png'
}
