import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Markdown } from '../Markdown'
import { MessageBoundary } from './MessageBoundary'

afterEach(cleanup)

function Throws(): never {
  throw new Error('render failed')
}

describe('MessageBoundary', () => {
  it('shows that the message could not be displayed, and its text on request, escaped', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const text = '<img src=x onerror=alert(1)> the stored reply'
    render(
      <div>
        <MessageBoundary text={text}>
          <Throws />
        </MessageBoundary>
        <p>the next message</p>
      </div>,
    )
    expect(screen.getByTestId('message-undisplayable').textContent).toContain(
      'This message could not be displayed.',
    )
    expect(screen.getByText('the next message')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Show as plain text' }))
    expect(screen.getByTestId('message-plain-text').textContent).toBe(text)
    expect(document.querySelector('img')).toBeNull()
    quiet.mockRestore()
  })

  it('renders a 10,000-deep quote instead of overflowing the stack', () => {
    const { container } = render(
      <MessageBoundary text="q">
        <Markdown text={`${'>'.repeat(10_000)} deep`} />
      </MessageBoundary>,
    )
    expect(screen.queryByTestId('message-undisplayable')).toBeNull()
    expect(container.textContent).toContain('deep')
    expect(container.querySelectorAll('blockquote').length).toBeGreaterThan(1)
  })
})
