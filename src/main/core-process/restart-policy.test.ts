import { describe, expect, it } from 'vitest'
import { CRASH_WINDOW_MS, decideAfterCrash } from './restart-policy'

describe('the restart policy', () => {
  it('restarts after a first and a second crash', () => {
    expect(decideAfterCrash([1_000], 1_000)).toBe('restart')
    expect(decideAfterCrash([1_000, 5_000], 5_000)).toBe('restart')
  })

  it('gives up on the third crash within a minute', () => {
    expect(decideAfterCrash([1_000, 5_000, 9_000], 9_000)).toBe('give-up')
  })

  it('forgets crashes older than the window', () => {
    const now = 1_000 + CRASH_WINDOW_MS
    expect(decideAfterCrash([1_000, 30_000, now], now)).toBe('restart')
    expect(decideAfterCrash([1_001, 30_000, now], now)).toBe('give-up')
  })
})
