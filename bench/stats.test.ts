import { describe, expect, it } from 'vitest'
import { median, medianInterval } from './stats'

describe('median and its interval', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('gives the order statistics about 0.98·√n either side of the median', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)
    // floor((100 - 19.6) / 2) = 40: the 41st and 60th smallest of 1..100.
    expect(medianInterval(hundred)).toEqual([41, 60])
    expect(medianInterval([1, 2, 3, 4, 5])).toBeNull()
  })
})
