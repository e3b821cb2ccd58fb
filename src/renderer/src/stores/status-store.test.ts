import { DEFAULT_SETTINGS, publicSettings } from '../../../shared/contract/schemas/settings'
import { describe, expect, it } from 'vitest'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { noModelStatus, ok, readyStatus } from '../test/fixtures'
import { createSettingsStore } from './settings-store'
import { createStatusStore } from './status-store'
import { stateReached } from '../test/state-reached'

describe('status-store', () => {
  it('loads app.status and follows app.statusChanged', async () => {
    const transport = new FakeTransport().respond('app.status', () => ok(noModelStatus))
    const store = createStatusStore(createClient(transport))
    const off = store.getState().connect()
    await store.getState().load()
    expect(store.getState().status?.state).toBe('no-model')
    transport.emit('app.statusChanged', readyStatus)
    expect(store.getState().status).toEqual(readyStatus)
    off()
  })

  it('tracks the connection and re-reads the status after a reconnect', async () => {
    const transport = new FakeTransport().respond('app.status', () => ok(readyStatus))
    const store = createStatusStore(createClient(transport))
    store.getState().connect()
    transport.disconnect()
    expect(store.getState().connected).toBe(false)
    transport.reconnect()
    expect(store.getState().connected).toBe(true)
    // The reconnect re-reads the status: await the answer it stores.
    await stateReached(store, (state) => state.status !== null)
    expect(transport.callsTo('app.status')).toHaveLength(1)
  })

  it('keeps a load failure as a message', async () => {
    const transport = new FakeTransport()
    const store = createStatusStore(createClient(transport))
    await store.getState().load()
    expect(store.getState().error).toMatch(/no fake/)
  })
})

describe('settings-store', () => {
  it('saves a model path through settings.update', async () => {
    const transport = new FakeTransport().respond('settings.update', (input) =>
      ok({
        ...publicSettings(DEFAULT_SETTINGS),
        modelPath: (input as { modelPath: string }).modelPath,
      }),
    )
    const store = createSettingsStore(createClient(transport))
    await expect(store.getState().update({ modelPath: '/m.gguf' })).resolves.toBe(true)
    expect(transport.callsTo('settings.update')[0]?.input).toEqual({ modelPath: '/m.gguf' })
    expect(store.getState()).toMatchObject({
      saving: false,
      error: null,
      settings: { modelPath: '/m.gguf' },
    })
  })

  it('shows why a save failed', async () => {
    const transport = new FakeTransport().respond('settings.update', () => ({
      ok: false,
      error: { code: 'NOT_GGUF', message: 'That file is not a GGUF model.' },
    }))
    const store = createSettingsStore(createClient(transport))
    await expect(store.getState().update({ modelPath: '/x.txt' })).resolves.toBe(false)
    expect(store.getState().error).toBe('That file is not a GGUF model.')
  })
})
