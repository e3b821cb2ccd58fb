/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** The main window as it was when Hearth last saw it. */
export interface SavedWindowState {
  bounds: Rect
  maximized: boolean
}

const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 }
export const MIN_WINDOW_SIZE = { width: 520, height: 400 }

/** Where the main window opens: the saved place if a display still shows it, else centred. */
export interface WindowPlacement {
  bounds: Rect
  maximized: boolean
}

/** How much of a window must still be on a display for its saved place to be used. */
const VISIBLE_PX = 100

/**
 * The main window's bounds at start: the saved bounds and maximised state when the window would
 * still be visible on one of today's displays (work areas), otherwise the saved (or default) size
 * centred on the primary display, shrunk to fit it.
 */
export function restoreWindowState(
  saved: SavedWindowState | null,
  displays: readonly Rect[],
  primary: Rect,
): WindowPlacement {
  if (saved !== null && isUsable(saved.bounds) && displays.some((d) => overlaps(saved.bounds, d)))
    return { bounds: saved.bounds, maximized: saved.maximized }
  const size = saved !== null && isUsable(saved.bounds) ? saved.bounds : DEFAULT_WINDOW_SIZE
  return { bounds: centredOn(primary, size), maximized: saved?.maximized ?? false }
}

/** A window of `size` centred in `area`, no larger than it. */
export function centredOn(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  }
}

function isUsable(bounds: Rect): boolean {
  return (
    [bounds.x, bounds.y, bounds.width, bounds.height].every(Number.isFinite) &&
    bounds.width >= MIN_WINDOW_SIZE.width &&
    bounds.height >= MIN_WINDOW_SIZE.height
  )
}

function overlaps(window: Rect, display: Rect): boolean {
  const width =
    Math.min(window.x + window.width, display.x + display.width) - Math.max(window.x, display.x)
  const height =
    Math.min(window.y + window.height, display.y + display.height) - Math.max(window.y, display.y)
  return width >= VISIBLE_PX && height >= VISIBLE_PX
}

/** The quick prompt's size; it is centred on the display under the pointer, a little above the middle. */
const QUICK_WINDOW_SIZE = { width: 640, height: 420 }

/** The quick prompt's bounds on the work area of the display under the pointer. */
export function quickWindowBounds(workArea: Rect): Rect {
  const centred = centredOn(workArea, QUICK_WINDOW_SIZE)
  // A third of the way down reads as "in front of you" more than the exact middle does.
  return { ...centred, y: Math.round(workArea.y + (workArea.height - centred.height) / 3) }
}
