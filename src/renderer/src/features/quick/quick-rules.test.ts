import { describe, expect, it } from 'vitest'
import { MAX_CLIPBOARD_CHARS } from '../../../../shared/contract/desktop'
import { parseRoute } from '../../app/route'
import { readLastQuick, writeLastQuick } from './quick-memory'
import { clipboardChip, composeQuickPrompt, quickConversationToResume } from './quick-rules'

const MINUTE = 60_000

describe('the same-quick-conversation rule', () => {
  const last = { conversationId: 'c1', usedAt: 1_000_000 }
  it('returns to the last quick conversation within the window, starts a new one after it', () => {
    expect(quickConversationToResume(last, last.usedAt + 9 * MINUTE, 10)).toBe('c1')
    expect(quickConversationToResume(last, last.usedAt + 10 * MINUTE, 10)).toBe('c1')
    expect(quickConversationToResume(last, last.usedAt + 10 * MINUTE + 1, 10)).toBeNull()
    expect(quickConversationToResume(last, last.usedAt + 30 * MINUTE, 60)).toBe('c1')
  })
  it('always starts a new one with 0 minutes or no earlier quick conversation', () => {
    expect(quickConversationToResume(last, last.usedAt, 0)).toBeNull()
    expect(quickConversationToResume(null, 0, 10)).toBeNull()
  })
  it('treats a clock set back as the same sitting', () => {
    expect(quickConversationToResume(last, last.usedAt - 5 * MINUTE, 10)).toBe('c1')
  })
  it('keeps the last quick conversation in storage and ignores what is not its shape', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    }
    expect(readLastQuick(storage)).toBeNull()
    writeLastQuick(storage, last)
    expect(readLastQuick(storage)).toEqual(last)
    map.set('hearth.lastQuick', '{"conversationId":3}')
    expect(readLastQuick(storage)).toBeNull()
    map.set('hearth.lastQuick', 'not json')
    expect(readLastQuick(storage)).toBeNull()
  })
})

describe('the clipboard chip', () => {
  it('shows the first line and the length, and nothing for blank text', () => {
    expect(clipboardChip('  \n ')).toBeNull()
    expect(clipboardChip('Error: disk full\n  at write (fs.js:1)')).toEqual({
      text: 'Error: disk full\n  at write (fs.js:1)',
      firstLine: 'Error: disk full',
      length: 37,
      truncated: false,
    })
    const long = clipboardChip('x'.repeat(80))
    expect(long?.firstLine).toBe(`${'x'.repeat(60)}…`)
  })
  it('cuts text over the limit and says so', () => {
    const chip = clipboardChip('a'.repeat(MAX_CLIPBOARD_CHARS + 10))
    expect(chip?.length).toBe(MAX_CLIPBOARD_CHARS)
    expect(chip?.truncated).toBe(true)
  })
  it('adds the clipboard below the question in a fence it cannot close', () => {
    expect(composeQuickPrompt('Explain', null)).toBe('Explain')
    expect(composeQuickPrompt('Explain this ', 'let x = 1')).toBe(
      'Explain this\n\n```\nlet x = 1\n```',
    )
    expect(composeQuickPrompt('Q', 'a ```` b')).toBe('Q\n\n`````\na ```` b\n`````')
  })
})

describe('the quick prompt route', () => {
  it('reads the route from the fragment', () => {
    expect(parseRoute('#/quick')).toBe('quick')
    expect(parseRoute('#/quick&token=abc')).toBe('quick')
    expect(parseRoute('#token=abc')).toBe('main')
    expect(parseRoute('')).toBe('main')
    expect(parseRoute('#/quickly')).toBe('main')
  })
})
