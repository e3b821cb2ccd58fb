import type { DownloadStatus } from '../../shared/contract/schemas/models'

/** A desktop notification's text. */
export interface NoticeText {
  title: string
  body: string
}

/**
 * A notification for a download that has just finished or failed, only while no Hearth window has
 * the focus (the window says so itself otherwise). `previous` is the last phase seen for it.
 */
export function downloadNotification(
  previous: DownloadStatus['phase'] | undefined,
  status: DownloadStatus,
  anyWindowFocused: boolean,
): NoticeText | null {
  if (anyWindowFocused || previous === status.phase) return null
  if (status.phase === 'done')
    return { title: 'Model downloaded', body: `${status.name} is ready to use in Hearth.` }
  if (status.phase === 'error')
    return {
      title: 'Download failed',
      body:
        status.error?.message ?? `${status.name} could not be downloaded. Open Hearth to retry.`,
    }
  return null
}

/** The notice shown once when closing the main window leaves Hearth running in the tray. */
export const TRAY_NOTICE: NoticeText = {
  title: 'Hearth is still running',
  body: 'Hearth keeps running in the tray so the quick prompt stays one shortcut away. Quit it from the tray menu, or turn this off in Settings.',
}

/** The notice shown once when the quick prompt's shortcut cannot be registered. */
export function shortcutFailureNotice(error: string): NoticeText {
  return { title: 'Quick prompt shortcut not set', body: error }
}
