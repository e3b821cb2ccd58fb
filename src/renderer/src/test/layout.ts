import { afterEach, beforeEach } from 'vitest'

/**
 * jsdom lays nothing out, so a virtual list would see a 0 px viewport and render no rows. This
 * gives every element a `height`-pixel client box for the tests of one file.
 */
export function fakeLayoutPerTest(height = 600): void {
  const proto = HTMLElement.prototype
  const saved = ['clientHeight', 'clientWidth'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const,
  )
  beforeEach(() => {
    Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height })
    Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 280 })
  })
  afterEach(() => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(proto, name, descriptor)
      else Reflect.deleteProperty(proto, name)
    }
  })
}
