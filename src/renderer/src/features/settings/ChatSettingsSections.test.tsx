import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../../shared/contract/schemas/status'
import { readyStatus } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { SettingsScreen } from './SettingsScreen'

afterEach(cleanup)

async function renderSettings() {
  const { transport, saved } = settingsTransport()
  const view = renderWithStores(<SettingsScreen />, transport)
  await act(async () => {
    await view.stores.settings.getState().load()
  })
  return { ...view, saved }
}

describe('the chat settings sections', () => {
  it('saves the default system prompt and says it applies to the next reply', async () => {
    const { saved } = await renderSettings()
    fireEvent.change(screen.getByTestId('settings-system-prompt'), {
      target: { value: 'Be brief.' },
    })
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-system-prompt-save'))
    })
    expect(saved).toEqual([{ systemPrompt: 'Be brief.' }])
    expect(screen.getByTestId('settings-chat-saved').textContent).toBe(
      'Saved. The next reply uses it; no reload needed.',
    )
  })

  it('picks a preset at once, or saves custom values over it', async () => {
    const { saved } = await renderSettings()
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-sampling-llama3'))
    })
    expect(screen.getByTestId<HTMLInputElement>('settings-sampling-llama3').checked).toBe(true)
    fireEvent.click(screen.getByTestId('settings-sampling-custom'))
    expect(screen.getByTestId<HTMLInputElement>('settings-temperature').placeholder).toBe('0.6')
    fireEvent.change(screen.getByTestId('settings-temperature'), { target: { value: '0.3' } })
    fireEvent.change(screen.getByTestId('settings-seed'), { target: { value: '7' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-sampling-save'))
    })
    expect(saved).toEqual([
      { samplingPreset: 'llama3', samplingValues: null },
      { samplingValues: { temperature: 0.3, seed: 7 } },
    ])
  })

  it('saves threads and context size, and reports the reload that applies them', async () => {
    const view = await renderSettings()
    act(() => view.stores.status.setState({ status: { ...readyStatus, trainedContextSize: 8192 } }))
    expect(screen.getByText(/this model: up to 8,192/)).toBeTruthy()
    fireEvent.change(screen.getByTestId('settings-context-size'), { target: { value: '2048' } })
    fireEvent.change(screen.getByTestId('settings-threads'), { target: { value: '2' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-runtime-save'))
    })
    expect(view.saved).toEqual([{ threads: 2, contextSize: 2048 }])
    const state = () => screen.getByTestId('settings-runtime-state').textContent
    expect(state()).toBe('Saved. The model is reloading to apply it…')
    const loading: AppStatus = { ...readyStatus, state: 'loading' }
    act(() => view.stores.status.setState({ status: loading }))
    expect(state()).toBe('Saved. The model is reloading to apply it…')
    act(() => view.stores.status.setState({ status: { ...readyStatus, contextSize: 2048 } }))
    expect(state()).toBe('Applied: the model was reloaded with a context of 2,048 tokens.')
  })
})
