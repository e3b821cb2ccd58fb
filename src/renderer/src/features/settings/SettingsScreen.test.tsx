import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { SettingsScreen } from './SettingsScreen'

afterEach(cleanup)

describe('SettingsScreen', () => {
  it('saves a token without ever showing it, and says that one is set', async () => {
    const { transport, saved } = settingsTransport()
    await act(async () => {
      renderWithStores(<SettingsScreen />, transport)
    })
    expect(screen.getByTestId('settings-hf-token-state').textContent).toBe('(none set)')
    const input = screen.getByTestId<HTMLInputElement>('settings-hf-token')
    expect(input.type).toBe('password')
    fireEvent.change(input, { target: { value: 'hf_typed_token' } })
    await act(async () => {
      fireEvent.submit(input.form as HTMLFormElement)
    })
    expect(saved).toEqual([{ hfToken: 'hf_typed_token' }])
    expect(input.value).toBe('')
    expect(screen.getByTestId('settings-hf-token-state').textContent).toBe('(a token is set)')
    expect(document.body.innerHTML).not.toContain('hf_typed_token')
  })

  it('saves the endpoint, and an empty one returns to huggingface.co', async () => {
    const { transport, saved } = settingsTransport()
    await act(async () => {
      renderWithStores(<SettingsScreen />, transport)
    })
    const input = screen.getByTestId<HTMLInputElement>('settings-hf-endpoint')
    fireEvent.change(input, { target: { value: ' https://mirror.example ' } })
    await act(async () => {
      fireEvent.submit(input.form as HTMLFormElement)
    })
    fireEvent.change(input, { target: { value: '' } })
    await act(async () => {
      fireEvent.submit(input.form as HTMLFormElement)
    })
    expect(saved).toEqual([{ hfEndpoint: 'https://mirror.example' }, { hfEndpoint: null }])
  })
})
