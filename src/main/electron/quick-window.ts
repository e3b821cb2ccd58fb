import { screen, type BrowserWindow } from 'electron'
import { sendDesktopEvent } from './ipc-bridge'
import { pageUrl } from './page-url'
import { quickWindowBounds } from './window-state'
import { createSecureWindow } from './windows'

/**
 * The quick prompt: a small frameless window, always on top and out of the taskbar, the same
 * renderer at `#/quick`. It is made once and hidden between uses, so showing it is instant and a
 * running reply keeps streaming while it is hidden.
 */
export function createQuickWindow(): BrowserWindow {
  const window = createSecureWindow({
    ...quickWindowBounds(screen.getPrimaryDisplay().workArea),
    show: false,
    frame: false,
    resizable: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    fullscreenable: false,
    minimizable: false,
    maximizable: false,
    title: 'Hearth quick prompt',
  })
  void window.loadURL(pageUrl('/quick'))
  return window
}

/** Shows the quick prompt centred on the display under the pointer, focused, and tells the page. */
export function showQuickWindow(window: BrowserWindow): void {
  const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint())
  window.setBounds(quickWindowBounds(display.workArea))
  window.show()
  window.focus()
  sendDesktopEvent(window, 'desktop.quickShown', { at: Date.now() })
}
