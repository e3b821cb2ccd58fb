import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useTheme } from '../../app/use-theme'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { SettingsScreen } from './SettingsScreen'

afterEach(() => {
  cleanup()
  delete document.documentElement.dataset['theme']
})

function ThemedSettings() {
  useTheme()
  return <SettingsScreen />
}

describe('Appearance', () => {
  it('follows the system by default, and a chosen theme is saved and put on the document at once', async () => {
    const { transport, saved } = settingsTransport()
    await act(async () => {
      renderWithStores(<ThemedSettings />, transport)
    })
    const group = screen.getByRole('radiogroup', { name: 'Theme' })
    expect(group).toBeTruthy()
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Follow the system' }).checked).toBe(
      true,
    )
    expect(document.documentElement.dataset['theme']).toBeUndefined()

    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Dark' })))
    expect(saved).toEqual([{ theme: 'dark' }])
    expect(document.documentElement.dataset['theme']).toBe('dark')
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Dark' }).checked).toBe(true)

    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Light' })))
    expect(document.documentElement.dataset['theme']).toBe('light')
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Follow the system' })))
    expect(saved.at(-1)).toEqual({ theme: 'system' })
    expect(document.documentElement.dataset['theme']).toBeUndefined()
  })
})
