import { cleanup, fireEvent, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LAST_CONVERSATION_KEY } from '../stores/last-conversation'
import { renderWithStores } from '../test/render'
import { ScreenBoundary } from './ScreenBoundary'

afterEach(cleanup)

function BreaksOnce() {
  const [broken] = useState(() => !window.localStorage.getItem('fixed'))
  if (broken) throw new Error('screen failed')
  return <p>screen works</p>
}

describe('ScreenBoundary', () => {
  it('keeps the window alive, forgets the conversation to reopen and can try again', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    window.localStorage.setItem(LAST_CONVERSATION_KEY, 'c1')
    renderWithStores(
      <div>
        <ScreenBoundary label="This screen">
          <BreaksOnce />
        </ScreenBoundary>
        <p>the sidebar</p>
      </div>,
    )
    expect(screen.getByTestId('screen-undisplayable').textContent).toContain(
      'This screen could not be displayed.',
    )
    expect(screen.getByText('the sidebar')).toBeTruthy()
    // A reload must not reopen the conversation that broke the view.
    expect(window.localStorage.getItem(LAST_CONVERSATION_KEY)).toBeNull()
    window.localStorage.setItem('fixed', 'yes')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByText('screen works')).toBeTruthy()
    window.localStorage.clear()
    quiet.mockRestore()
  })
})
