import { describe, expect, it } from 'vitest'
import { centredOn, quickWindowBounds, restoreWindowState, type Rect } from './window-state'

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('window state', () => {
  it('restores the saved place and maximised state on a display that still exists', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: true }
    expect(restoreWindowState(saved, [primary, right], primary)).toEqual(saved)
  })

  it('centres the saved size on the primary display when its display is gone', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: false }
    expect(restoreWindowState(saved, [primary], primary)).toEqual({
      bounds: { x: 360, y: 120, width: 1200, height: 800 },
      maximized: false,
    })
  })

  it('treats a window barely on screen as gone, and a nonsense size as none saved', () => {
    const edge = { bounds: { x: 1880, y: 100, width: 1200, height: 800 }, maximized: false }
    expect(restoreWindowState(edge, [primary], primary).bounds.x).toBe(360)
    const tiny = { bounds: { x: 10, y: 10, width: 10, height: 10 }, maximized: false }
    expect(restoreWindowState(tiny, [primary], primary).bounds).toEqual({
      x: 410,
      y: 140,
      width: 1100,
      height: 760,
    })
    expect(restoreWindowState(null, [primary], primary).maximized).toBe(false)
  })

  it('never makes a window larger than the display', () => {
    expect(
      centredOn({ x: 0, y: 0, width: 800, height: 600 }, { width: 1100, height: 760 }),
    ).toEqual({ x: 0, y: 0, width: 800, height: 600 })
  })

  it('places the quick prompt on the display under the pointer, a third of the way down', () => {
    expect(quickWindowBounds(right)).toEqual({ x: 1920 + 960, y: 327, width: 640, height: 420 })
  })
})
