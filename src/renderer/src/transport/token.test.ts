import { describe, expect, it, vi } from 'vitest'
import { takeToken, TOKEN_STORAGE_KEY, webSocketUrl, type TokenEnvironment } from './token'

function environment(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>()
  if (stored !== null) storage.set(TOKEN_STORAGE_KEY, stored)
  const replaceState = vi.fn()
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { replaceState, state: null },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    },
  }
  return { env, storage, replaceState }
}

describe('takeToken', () => {
  it('reads the fragment, stores it and removes it from the visible URL', () => {
    const { env, storage, replaceState } = environment('#token=abc123')
    expect(takeToken(env)).toBe('abc123')
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc123')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/')
  })

  it('keeps other fragment parameters', () => {
    const { env, replaceState } = environment('#token=abc&view=quick')
    expect(takeToken(env)).toBe('abc')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#view=quick')
  })

  it('keeps a route that leads the fragment (the quick prompt)', () => {
    const { env, replaceState } = environment('#/quick&token=abc')
    expect(takeToken(env)).toBe('abc')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/quick')
  })

  it('falls back to the stored token after a reload', () => {
    const { env, replaceState } = environment('', 'stored-token')
    expect(takeToken(env)).toBe('stored-token')
    expect(replaceState).not.toHaveBeenCalled()
  })

  it('answers null when there is no token anywhere', () => {
    expect(takeToken(environment('').env)).toBeNull()
    expect(takeToken(environment('#token=').env)).toBeNull()
  })
})

describe('webSocketUrl', () => {
  it('points at /ws on the same host with the token encoded', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123' }, 'a b+c')).toBe(
      'ws://127.0.0.1:5123/ws?token=a%20b%2Bc',
    )
    expect(webSocketUrl({ protocol: 'https:', host: 'h:1' }, 't')).toBe('wss://h:1/ws?token=t')
  })
})
