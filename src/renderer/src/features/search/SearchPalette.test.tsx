import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SearchHit } from '../../../../shared/contract/schemas/conversations'
import { FakeTransport } from '../../test/fake-transport'
import { ok } from '../../test/fixtures'
import { nth, renderWithStores } from '../../test/render'
import { SEARCH_DEBOUNCE_MS } from '../../stores/search-store'
import { SearchPalette } from './SearchPalette'
import { Snippet, splitSnippet } from './Snippet'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

/** Lets the search debounce pass on the fake clock; the answer is drawn within the same act. */
async function typingPauses() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS)
  })
}

const hits: SearchHit[] = [
  {
    conversationId: 'c1',
    messageId: null,
    conversationTitle: 'Trip to Lisbon',
    snippet: '\u0002Trip\u0003 to Lisbon',
  },
  {
    conversationId: 'c2',
    messageId: 'm2',
    conversationTitle: 'Packing',
    snippet: 'pack for the \u0002trip\u0003 light',
  },
]

async function openPalette() {
  const transport = new FakeTransport()
    .respond('conversations.search', () => ok({ hits }))
    .respond('conversations.get', () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone' },
    }))
  vi.useFakeTimers()
  const view = renderWithStores(<SearchPalette />, transport)
  expect(screen.queryByTestId('search-input')).toBeNull()
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const input = screen.getByTestId('search-input')
  fireEvent.change(input, { target: { value: 'trip' } })
  expect(screen.queryAllByTestId('search-result')).toHaveLength(0)
  await typingPauses()
  expect(screen.getAllByTestId('search-result')).toHaveLength(2)
  return { ...view, input }
}

describe('SearchPalette', () => {
  it('opens on Ctrl+K, searches as you type, and shows titles with marked snippets', async () => {
    const { transport } = await openPalette()
    expect(transport.callsTo('conversations.search')[0]?.input).toEqual({
      query: 'trip',
      limit: 50,
    })
    const second = nth(screen.getAllByTestId('search-result'), 1)
    expect(second.textContent).toContain('Packing')
    expect(second.querySelector('mark')?.textContent).toBe('trip')
  })

  it('arrow keys move the selection and Enter opens the hit at its message', async () => {
    const { input, stores } = await openPalette()
    const showMessage = vi.spyOn(stores.chat.getState(), 'showMessage')
    stores.chat.setState({ showMessage })
    expect(screen.getAllByTestId('search-result')[0]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    expect(screen.getAllByTestId('search-result')[1]?.getAttribute('aria-selected')).toBe('true')
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(showMessage).toHaveBeenCalledWith('c2', 'm2')
    expect(screen.queryByTestId('search-input')).toBeNull()
  })

  it('a click opens a hit; Esc closes without opening anything', async () => {
    const { input, stores } = await openPalette()
    const showMessage = vi.fn(async () => {})
    stores.chat.setState({ showMessage })
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByTestId('search-input')).toBeNull()
    expect(showMessage).not.toHaveBeenCalled()
    fireEvent.keyDown(window, { key: 'K', metaKey: true })
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'trip' } })
    await typingPauses()
    expect(screen.getAllByTestId('search-result')).toHaveLength(2)
    fireEvent.click(nth(screen.getAllByTestId('search-result'), 0))
    expect(showMessage).toHaveBeenCalledWith('c1', null)
  })
})

describe('Snippet', () => {
  it('splits on the STX/ETX markers', () => {
    expect(splitSnippet('a \u0002b\u0003 c \u0002d\u0003')).toEqual([
      { text: 'a ', mark: false },
      { text: 'b', mark: true },
      { text: ' c ', mark: false },
      { text: 'd', mark: true },
    ])
  })

  it('keeps markup in a snippet as text', () => {
    const { container } = render(
      <Snippet
        text={'<script>alert(1)</script> \u0002<b>hit</b>\u0003 <img src=x onerror=alert(2)>'}
      />,
    )
    expect(container.querySelector('script')).toBeNull()
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('b')).toBeNull()
    expect(container.querySelector('mark')?.textContent).toBe('<b>hit</b>')
    expect(container.textContent).toContain('<script>alert(1)</script>')
  })
})
