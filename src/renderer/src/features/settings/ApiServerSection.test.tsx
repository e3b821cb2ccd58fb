import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiServerStatus } from '../../../../shared/contract/schemas/api-server'
import { StatusLine } from '../status/StatusLine'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { ok } from '../../test/fixtures'
import { SettingsScreen } from './SettingsScreen'

afterEach(cleanup)

const LISTENING: ApiServerStatus = {
  enabled: true,
  port: 4311,
  listening: true,
  baseUrl: 'http://127.0.0.1:4311/v1',
  error: null,
  requests: 0,
}

function apiTransport() {
  const { transport, saved } = settingsTransport()
  let key = 'hearth-first-key'
  transport
    .respond('api.status', () => ok(LISTENING))
    .respond('api.key', () => ok({ key }))
    .respond('api.regenerateKey', () => {
      key = 'hearth-second-key'
      return ok({ key })
    })
    .respond('api.stop', () => ok({ stopped: 1 }))
  return { transport, saved }
}

describe('ApiServerSection', () => {
  it('turns the server on, then shows where it listens and its key, and regenerates the key', async () => {
    const { transport, saved } = apiTransport()
    await act(async () => {
      renderWithStores(<SettingsScreen />, transport)
    })
    expect(screen.getByTestId('settings-api-state').textContent).toBe('Off: nothing listens.')
    expect(screen.queryByTestId('settings-api-key')).toBeNull()
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-api-enabled'))
    })
    expect(saved).toEqual([{ apiServerEnabled: true }])
    expect(screen.getByTestId('settings-api-state').textContent).toBe(
      'Listening at http://127.0.0.1:4311/v1',
    )
    const key = screen.getByTestId<HTMLInputElement>('settings-api-key')
    expect(key.value).toBe('hearth-first-key')
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-api-regenerate'))
    })
    expect(key.value).toBe('hearth-second-key')
  })

  it('refuses a port below 1024 without saving it', async () => {
    const { transport, saved } = apiTransport()
    await act(async () => {
      renderWithStores(<SettingsScreen />, transport)
    })
    const port = screen.getByTestId<HTMLInputElement>('settings-api-port')
    fireEvent.change(port, { target: { value: '80' } })
    await act(async () => {
      fireEvent.submit(port.form as HTMLFormElement)
    })
    expect(saved).toEqual([])
    expect(screen.getByText('Choose a port from 1024 to 65535.')).toBeTruthy()
  })
})

describe('ApiActivity in the status line', () => {
  it('shows a running API request and stops it', async () => {
    const { transport } = apiTransport()
    transport.respond('app.status', () => ok(null))
    await act(async () => {
      renderWithStores(<StatusLine />, transport)
    })
    expect(screen.queryByTestId('status-api')).toBeNull()
    await act(async () => {
      transport.emit('api.changed', { ...LISTENING, requests: 1 })
    })
    expect(screen.getByTestId('status-api').textContent).toContain('An API request is running')
    await act(async () => {
      fireEvent.click(screen.getByTestId('status-api-stop'))
    })
    expect(transport.calls.some((call) => call.channel === 'api.stop')).toBe(true)
  })
})
