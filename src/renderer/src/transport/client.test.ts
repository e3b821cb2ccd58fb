import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeTransport } from '../test/fake-transport'
import { readyStatus } from '../test/fixtures'
import { createClient } from './client'

describe('client', () => {
  afterEach(() => vi.restoreAllMocks())

  it('passes a valid Result through with its typed value', async () => {
    const transport = new FakeTransport().respond('app.status', () => ({
      ok: true,
      value: readyStatus,
    }))
    const result = await createClient(transport).invoke('app.status', {})
    expect(result).toEqual({ ok: true, value: readyStatus })
    expect(transport.calls).toEqual([{ channel: 'app.status', input: {} }])
  })

  it('passes an error Result through unchanged', async () => {
    const error = { code: 'NO_MODEL', message: 'No model is loaded.' }
    const transport = new FakeTransport().respond('chat.send', () => ({ ok: false, error }))
    const result = await createClient(transport).invoke('chat.send', { text: 'hi' })
    expect(result).toEqual({ ok: false, error })
  })

  it.each([
    ['undefined', undefined],
    ['a string', 'ok'],
    ['a Result without ok', { value: readyStatus }],
    ['a value of the wrong shape', { ok: true, value: { ...readyStatus, backend: 'TPU' } }],
    ['a missing value', { ok: true }],
    ['an error with an unknown code', { ok: false, error: { code: 'NOPE', message: 'x' } }],
  ])('turns %s into an error Result instead of throwing', async (_name, answer) => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const transport = new FakeTransport().respond('app.status', () => answer)
    const result = await createClient(transport).invoke('app.status', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL')
      expect(result.error.message).toMatch(/does not understand/)
    }
  })

  it('turns a rejected transport call into an error Result', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const transport = new FakeTransport().respond('app.status', () =>
      Promise.reject(new Error('ipc gone')),
    )
    const result = await createClient(transport).invoke('app.status', {})
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: expect.stringMatching(/Could not reach Hearth/) as string,
      },
    })
  })

  it('delivers valid event payloads and drops malformed ones', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const transport = new FakeTransport()
    const received: unknown[] = []
    const off = createClient(transport).on('chat.delta', (delta) => received.push(delta))
    transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: 'Hi' })
    transport.emit('chat.delta', { generationId: 'g1', seq: -1, text: 'bad seq' })
    transport.emit('chat.delta', { generationId: 'g1', text: 'no seq' })
    transport.emit('chat.delta', 'not an object')
    off()
    transport.emit('chat.delta', { generationId: 'g1', seq: 1, text: 'after off' })
    expect(received).toEqual([{ generationId: 'g1', seq: 0, text: 'Hi' }])
  })

  it('reloads after the WebSocket came back and after the core process was restarted', () => {
    const transport = new FakeTransport()
    const reloads: string[] = []
    const off = createClient(transport).onReconnect(() => reloads.push('reload'))
    const engine = { message: null, logFolder: null, restarts: 1 }

    transport.reconnect()
    transport.emit('app.engineProcess', { ...engine, state: 'restarting', message: 'Restarting' })
    transport.emit('app.engineProcess', { ...engine, state: 'running' })
    transport.emit('app.engineProcess', { state: 'running' }) // malformed: ignored
    expect(reloads).toEqual(['reload', 'reload'])

    off()
    transport.reconnect()
    transport.emit('app.engineProcess', { ...engine, state: 'running' })
    expect(reloads).toHaveLength(2)
  })
})
