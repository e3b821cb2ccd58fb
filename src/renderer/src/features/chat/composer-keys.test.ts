import { describe, expect, it } from 'vitest'
import { composerKey } from './composer-keys'

const press = (
  key: string,
  mods: Partial<Record<'shift' | 'ctrl' | 'meta' | 'alt', boolean>> = {},
) => ({
  key,
  shiftKey: mods.shift ?? false,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  isComposing: false,
})

describe('the message box keys', () => {
  it('maps Enter, Shift+Enter, Esc, Up, Ctrl/Cmd+Enter and Ctrl/Cmd+Shift+V', () => {
    expect(composerKey(press('Enter'), false)).toBe('send')
    expect(composerKey(press('Enter', { shift: true }), false)).toBe('newline')
    expect(composerKey(press('Escape'), false)).toBe('escape')
    expect(composerKey(press('ArrowUp'), false)).toBe('up')
    expect(composerKey(press('Enter', { ctrl: true }), false)).toBe('command-enter')
    expect(composerKey(press('Enter', { meta: true }), true)).toBe('command-enter')
    expect(composerKey(press('Enter', { ctrl: true }), true)).toBe('send')
    expect(composerKey(press('V', { ctrl: true, shift: true }), false)).toBe('paste-clipboard')
    expect(composerKey(press('v', { meta: true, shift: true }), true)).toBe('paste-clipboard')
    expect(composerKey(press('v', { ctrl: true }), false)).toBeNull()
    expect(composerKey(press('a'), false)).toBeNull()
  })
  it('lets an IME composition have every key (its Enter picks a candidate)', () => {
    expect(composerKey({ ...press('Enter'), isComposing: true }, false)).toBeNull()
    expect(composerKey({ ...press('Escape'), isComposing: true }, false)).toBeNull()
  })
})
