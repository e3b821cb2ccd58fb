import type { z } from 'zod'
import type { HearthBridge } from '../../../../shared/contract/bridge'
import {
  desktopEvents,
  desktopRequests,
  type DesktopInfo,
} from '../../../../shared/contract/desktop'
import type {
  DesktopEventChannel,
  DesktopRequestChannel,
} from '../../../../shared/contract/desktop-channel-names'
import { err, ok, resultSchema, type Result } from '../../../../shared/contract/result'
import { findBridge } from '../../transport/ipc-transport'

/**
 * What the quick prompt and Settings need from the window around them. In Electron the shell does it
 * (hide the quick window, bring up the main one, read the clipboard in main); in a browser tab
 * (headless mode) the same page switches routes and uses the browser's clipboard.
 */
export interface DesktopShell {
  readonly kind: 'electron' | 'browser'
  /** Cmd instead of Ctrl for the quick prompt's keys. */
  readonly mac: boolean
  /** Esc in the quick prompt: the window hides (a running reply keeps going). */
  hideQuick(): void
  /** Ctrl/Cmd+Enter or "Continue in Hearth": the conversation opens in the main view. */
  continueInMain(conversationId: string | null): void
  /** The clipboard's text, read only because the user asked for it (click or Ctrl/Cmd+Shift+V). */
  readClipboard(): Promise<Result<string>>
  /** Called when the quick window is shown again (Electron only). */
  onQuickShown(listener: () => void): () => void
  /** Called when the main window is asked to open a conversation (Electron only). */
  onOpenConversation(listener: (conversationId: string) => void): () => void
  /** Called when the main window is asked to start a new conversation (Electron only). */
  onNewConversation(listener: () => void): () => void
  /** The shell's state (shortcut, tray, versions); null in a browser. */
  info(): Promise<DesktopInfo | null>
  onInfoChanged(listener: (info: DesktopInfo) => void): () => void
}

const CLIPBOARD_REFUSED =
  'The browser did not let Hearth read the clipboard. Paste the text into the box instead.'

function isMac(): boolean {
  return /Mac/i.test(navigator.platform || navigator.userAgent)
}

/** The shell for this page: Electron's when the preload bridge exists, the browser's otherwise. */
export function createDesktopShell(bridge: HearthBridge | null = findBridge()): DesktopShell {
  return bridge === null ? browserShell() : electronShell(bridge)
}

function browserShell(): DesktopShell {
  const none = () => () => undefined
  return {
    kind: 'browser',
    mac: isMac(),
    // A browser tab cannot hide itself; Esc does nothing there.
    hideQuick: () => undefined,
    continueInMain() {
      // Same page, same stores: the conversation is already open in the chat store.
      window.location.hash = ''
    },
    async readClipboard() {
      try {
        return ok(await navigator.clipboard.readText())
      } catch {
        return err('INVALID_INPUT', CLIPBOARD_REFUSED)
      }
    },
    onQuickShown: none,
    onOpenConversation: none,
    onNewConversation: none,
    info: () => Promise.resolve(null),
    onInfoChanged: none,
  }
}

function electronShell(bridge: HearthBridge): DesktopShell {
  async function invoke<C extends DesktopRequestChannel>(
    channel: C,
    input: z.input<(typeof desktopRequests)[C]['input']>,
  ): Promise<Result<z.output<(typeof desktopRequests)[C]['output']>>> {
    try {
      const parsed = resultSchema(desktopRequests[channel].output).safeParse(
        await bridge.invoke(channel, input),
      )
      if (parsed.success)
        return parsed.data as Result<z.output<(typeof desktopRequests)[C]['output']>>
      console.error(`Hearth: malformed answer to ${channel}`, parsed.error)
    } catch (cause) {
      console.error(`Hearth: ${channel} failed`, cause)
    }
    return err('INTERNAL', 'The Hearth window could not reach the app. Restart Hearth.')
  }
  function on<E extends DesktopEventChannel>(
    channel: E,
    listener: (payload: z.output<(typeof desktopEvents)[E]>) => void,
  ): () => void {
    return bridge.on(channel, (payload) => {
      const parsed = desktopEvents[channel].safeParse(payload)
      if (parsed.success) listener(parsed.data as z.output<(typeof desktopEvents)[E]>)
    })
  }
  return {
    kind: 'electron',
    mac: isMac(),
    hideQuick: () => void invoke('desktop.quick', { action: 'hide' }),
    continueInMain: (conversationId) =>
      void invoke('desktop.quick', { action: 'continue', conversationId }),
    async readClipboard() {
      const result = await invoke('desktop.clipboard', {})
      return result.ok ? ok(result.value.text) : result
    },
    onQuickShown: (listener) => on('desktop.quickShown', () => listener()),
    onOpenConversation: (listener) =>
      on('desktop.openConversation', ({ conversationId }) => listener(conversationId)),
    onNewConversation: (listener) => on('desktop.newConversation', () => listener()),
    async info() {
      const result = await invoke('desktop.info', {})
      return result.ok ? result.value : null
    },
    onInfoChanged: (listener) => on('desktop.infoChanged', listener),
  }
}
