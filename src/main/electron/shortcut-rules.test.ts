import { describe, expect, it } from 'vitest'
import { shortcutState, shouldNoticeShortcutFailure } from './shortcut-rules'

describe('the quick prompt shortcut', () => {
  it('is registered, off, taken by another app or invalid, and always says why it failed', () => {
    expect(shortcutState('Control+Alt+Space', 'registered')).toEqual({
      accelerator: 'Control+Alt+Space',
      registered: true,
      error: null,
    })
    expect(shortcutState('', null)).toEqual({ accelerator: '', registered: false, error: null })
    const taken = shortcutState('ctrl+alt+space', 'taken')
    expect(taken.registered).toBe(false)
    expect(taken.error).toContain('Control+Alt+Space is already used by another app')
    const invalid = shortcutState('Control+Banana', null)
    expect(invalid).toMatchObject({ registered: false })
    expect(invalid.error).toContain('“Banana” is not a key')
  })

  it('notices a failure once per shortcut', () => {
    const taken = shortcutState('Control+Alt+Space', 'taken')
    expect(shouldNoticeShortcutFailure(taken, null)).toBe(true)
    expect(shouldNoticeShortcutFailure(taken, 'Control+Alt+Space')).toBe(false)
    expect(shouldNoticeShortcutFailure(shortcutState('Alt+Space', 'registered'), null)).toBe(false)
  })
})
