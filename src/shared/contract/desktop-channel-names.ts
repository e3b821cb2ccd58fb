import { nameIn } from './channel-names'

/**
 * Channels the Electron shell answers itself (windows, clipboard, shortcut state): never the core,
 * never headless mode. Names only, so the sandboxed preload can import the list without zod.
 */
const DESKTOP_REQUEST_CHANNELS = ['desktop.info', 'desktop.quick', 'desktop.clipboard'] as const

const DESKTOP_EVENT_CHANNELS = [
  'desktop.openConversation',
  'desktop.newConversation',
  'desktop.quickShown',
  'desktop.infoChanged',
] as const

export type DesktopRequestChannel = (typeof DESKTOP_REQUEST_CHANNELS)[number]
export type DesktopEventChannel = (typeof DESKTOP_EVENT_CHANNELS)[number]

export const isDesktopRequestChannel = nameIn(DESKTOP_REQUEST_CHANNELS)
export const isDesktopEventChannel = nameIn(DESKTOP_EVENT_CHANNELS)
