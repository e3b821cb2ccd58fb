import { describe, expect, it } from 'vitest'
import type { DownloadStatus } from '../../shared/contract/schemas/models'
import { aboutCredits } from './about'
import { appMenuTemplate } from './app-menu'
import { downloadNotification } from './notification-rules'
import { updateAction } from './update-rules'

const noop = () => undefined
const actions = {
  newConversation: noop,
  quickPrompt: noop,
  showAbout: noop,
  openLogFolder: noop,
  openSettings: noop,
}

describe('the application menu', () => {
  it('has Edit, View with zoom, Window and Help with About and the log folder when logs exist', () => {
    const menu = appMenuTemplate({
      platform: 'linux',
      logFolderExists: true,
      quickShortcut: 'Control+Alt+Space',
      actions,
    })
    expect(menu.map((item) => item.role ?? item.label)).toEqual([
      'File',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ])
    const view = menu[2]?.submenu
    expect(Array.isArray(view) ? view.map((item) => item.role) : []).toEqual(
      expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']),
    )
    const help = menu[4]?.submenu
    expect(Array.isArray(help) ? help.map((item) => item.label) : []).toEqual([
      'About Hearth',
      'Open Log Folder',
    ])
    const file = menu[0]?.submenu
    const quick = Array.isArray(file) ? file.find((item) => item.label === 'Quick Prompt') : null
    // The global shortcut is shown, never registered a second time by the menu.
    expect(quick).toMatchObject({ accelerator: 'Control+Alt+Space', registerAccelerator: false })
  })

  it('leaves out the log folder without logs, and puts the app menu first on macOS', () => {
    const linux = appMenuTemplate({
      platform: 'linux',
      logFolderExists: false,
      quickShortcut: '',
      actions,
    })
    const help = linux.at(-1)?.submenu
    expect(Array.isArray(help) ? help.map((item) => item.label) : []).toEqual(['About Hearth'])
    const mac = appMenuTemplate({
      platform: 'darwin',
      logFolderExists: false,
      quickShortcut: '',
      actions,
    })
    expect(mac[0]?.role).toBe('appMenu')
  })
})

describe('notifications, About and updates', () => {
  const status = (phase: DownloadStatus['phase']): DownloadStatus => ({
    downloadId: 'd',
    name: 'Llama 3 8B Q4_K_M',
    repo: 'r',
    file: 'f',
    phase,
    bytesDone: 0,
    totalBytes: null,
    bytesPerSecond: 0,
    secondsLeft: null,
    path: null,
    error:
      phase === 'error' ? { code: 'DOWNLOAD_FAILED', message: 'The connection dropped.' } : null,
  })

  it('notifies a finished or failed download once, only when no Hearth window has the focus', () => {
    expect(downloadNotification('downloading', status('done'), false)).toEqual({
      title: 'Model downloaded',
      body: 'Llama 3 8B Q4_K_M is ready to use in Hearth.',
    })
    expect(downloadNotification('downloading', status('error'), false)?.body).toBe(
      'The connection dropped.',
    )
    expect(downloadNotification('downloading', status('done'), true)).toBeNull()
    expect(downloadNotification('done', status('done'), false)).toBeNull()
    expect(downloadNotification('checking', status('downloading'), false)).toBeNull()
  })

  it('About names every version and the Llama 3 licence', () => {
    const text = aboutCredits({
      hearth: '0.1.0',
      electron: '45.4.1',
      chrome: '140',
      node: '22',
      nodeLlamaCpp: '3.21.1',
      llamaCpp: 'b6000',
    })
    expect(text).toContain('Hearth 0.1.0')
    expect(text).toContain('Electron 45.4.1')
    expect(text).toContain('node-llama-cpp 3.21.1, llama.cpp b6000')
    expect(text).toContain('Meta Llama 3 Community License')
  })

  it('checks for updates only when packaged, configured and allowed; asks once first', () => {
    const packaged = { packaged: true, providerConfigured: true }
    expect(updateAction({ ...packaged, setting: 'ask' })).toBe('ask')
    expect(updateAction({ ...packaged, setting: 'allowed' })).toBe('check')
    expect(updateAction({ ...packaged, setting: 'denied' })).toBe('none')
    expect(updateAction({ packaged: false, providerConfigured: true, setting: 'allowed' })).toBe(
      'none',
    )
    expect(updateAction({ packaged: true, providerConfigured: false, setting: 'allowed' })).toBe(
      'none',
    )
  })
})
