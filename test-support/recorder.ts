/**
 * Records what a listener is called with, and lets a test await the call it needs: the promise is
 * resolved by the emit itself, so a test never polls or sleeps for it (its bound is the test's own
 * timeout).
 */
export class Recorder<T> {
  readonly items: T[] = []
  readonly #waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = []

  /** The listener to hand to the code under test. */
  readonly push = (item: T): void => {
    this.items.push(item)
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(item)) continue
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
      waiter.resolve(item)
    }
  }

  /** The first item that matches: one already recorded, or the next one emitted. */
  reached(match: (item: T) => boolean): Promise<T> {
    const found = this.items.find(match)
    return found === undefined ? this.next(match) : Promise.resolve(found)
  }

  /** The next item emitted from now on that matches (what was recorded before does not count). */
  next(match: (item: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) => this.#waiters.push({ match, resolve }))
  }
}
