import { describe, expect, it } from 'vitest'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { connectStores } from './connect-stores'
import { createStores } from './stores-context'

describe('connectStores', () => {
  it('loads what the main page shows, and the quick prompt only its status', () => {
    const main = new FakeTransport()
    connectStores(createStores(createClient(main)), 'main')()
    const channels = main.calls.map((call) => call.channel)
    expect(channels).toEqual(
      expect.arrayContaining(['app.status', 'settings.get', 'conversations.list', 'app.notices']),
    )

    const quick = new FakeTransport()
    connectStores(createStores(createClient(quick)), 'quick')()
    expect(quick.calls.map((call) => call.channel)).not.toContain('conversations.list')
  })

  it('follows the core events until disconnected', () => {
    const transport = new FakeTransport()
    const stores = createStores(createClient(transport))
    const disconnect = connectStores(stores, 'main')
    const status = { state: 'restarting', message: 'Restarting', logFolder: null, restarts: 1 }
    transport.emit('app.engineProcess', status)
    expect(stores.status.getState().engine).toEqual(status)
    disconnect()
    transport.emit('app.engineProcess', { ...status, state: 'running', message: null })
    expect(stores.status.getState().engine).toEqual(status)
  })
})
