import { describe, expect, it } from 'vitest'
import type { DownloadStatus } from '../../shared/contract/schemas/models'
import type { AppStatus } from '../../shared/contract/schemas/status'
import { NO_MODEL_STATUS } from '../core/engine/engine'
import { trayIconFile, trayMenuModel, trayTooltip, type TrayState } from './tray-menu'

const status = (state: AppStatus['state'], modelName: string | null = null): AppStatus => ({
  ...NO_MODEL_STATUS,
  state,
  modelName,
})

const download = (
  phase: DownloadStatus['phase'],
  done: number,
  total: number | null,
): DownloadStatus => ({
  downloadId: 'd1',
  name: 'Llama 3 8B Q4_K_M',
  repo: 'r',
  file: 'f.gguf',
  phase,
  bytesDone: done,
  totalBytes: total,
  bytesPerSecond: 0,
  secondsLeft: null,
  path: null,
  error: null,
})

const base: TrayState = {
  quickShortcut: 'Control+Alt+Space',
  status: status('ready', 'Llama 3 8B'),
  download: null,
  replying: false,
}

function modelLabel(state: TrayState): string {
  const item = trayMenuModel(state).find((entry) => entry.kind === 'info')
  return item?.kind === 'info' ? item.label : ''
}

describe('the tray menu', () => {
  it('lists Quick prompt with its shortcut, Open, New conversation, the model state and Quit', () => {
    expect(trayMenuModel(base)).toEqual([
      { kind: 'action', id: 'quick', label: 'Quick prompt', accelerator: 'Control+Alt+Space' },
      { kind: 'action', id: 'open', label: 'Open Hearth' },
      { kind: 'action', id: 'new', label: 'New conversation' },
      { kind: 'separator' },
      { kind: 'info', id: 'model', label: 'Ready: Llama 3 8B' },
      { kind: 'separator' },
      { kind: 'action', id: 'quit', label: 'Quit Hearth' },
    ])
  })

  it('shows no shortcut when it is off or not registered', () => {
    const quick = trayMenuModel({ ...base, quickShortcut: '' })[0]
    expect(quick).toEqual({ kind: 'action', id: 'quick', label: 'Quick prompt' })
  })

  it('says loading, no model, failed, writing and downloading with the percentage', () => {
    expect(modelLabel({ ...base, status: status('loading', 'Llama 3 8B') })).toBe(
      'Loading Llama 3 8B…',
    )
    expect(modelLabel({ ...base, status: status('no-model') })).toBe('No model')
    expect(modelLabel({ ...base, status: status('error') })).toBe('The model could not be loaded')
    expect(modelLabel({ ...base, status: null })).toBe('Starting…')
    expect(modelLabel({ ...base, replying: true })).toBe('Writing a reply…')
    expect(modelLabel({ ...base, download: download('downloading', 42.7, 100) })).toBe(
      'Downloading Llama 3 8B Q4_K_M: 42 %',
    )
    expect(modelLabel({ ...base, download: download('paused', 10, 100) })).toBe(
      'Download paused Llama 3 8B Q4_K_M: 10 %',
    )
    expect(modelLabel({ ...base, download: download('checking', 0, null) })).toBe(
      'Downloading Llama 3 8B Q4_K_M',
    )
    // A finished or failed download no longer shows: the model's own state does.
    expect(modelLabel({ ...base, download: download('done', 100, 100) })).toBe('Ready: Llama 3 8B')
    expect(trayTooltip(base)).toBe('Hearth: Ready: Llama 3 8B')
  })

  it('picks a template image on macOS and light or dark PNGs elsewhere', () => {
    expect(trayIconFile('darwin', true)).toBe('trayTemplate.png')
    expect(trayIconFile('win32', false)).toBe('tray-light-16.png')
    expect(trayIconFile('linux', true)).toBe('tray-dark-32.png')
  })
})
