import { expect, it } from 'vitest'
import { formatBytes } from './format-bytes'

it('writes sizes in decimal units, as Hugging Face and file managers do', () => {
  expect(formatBytes(4.92e9)).toBe('4.9 GB')
  expect(formatBytes(850e6)).toBe('850.0 MB')
  expect(formatBytes(512_400)).toBe('512 KB')
  expect(formatBytes(12)).toBe('12 B')
})
