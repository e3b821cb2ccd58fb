import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeTransport } from '../../test/fake-transport'
import { ok, sendOutput } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { Composer } from './Composer'

afterEach(cleanup)

function setup() {
  const transport = new FakeTransport()
    .respond('chat.send', () => ok(sendOutput))
    .respond('chat.stop', () => ok({ stopped: true }))
  const view = renderWithStores(<Composer />, transport)
  view.stores.chat.getState().connect()
  const input = screen.getByTestId<HTMLTextAreaElement>('composer-input')
  return { ...view, input }
}

describe('Composer', () => {
  it('Enter sends the text and clears the box', async () => {
    const { input, transport } = setup()
    fireEvent.change(input, { target: { value: 'Hello' } })
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(transport.callsTo('chat.send')).toEqual([
      { channel: 'chat.send', input: { text: 'Hello' } },
    ])
    expect(input.value).toBe('')
  })

  it('Shift+Enter does not send (the browser inserts the newline)', () => {
    const { input, transport } = setup()
    fireEvent.change(input, { target: { value: 'line one' } })
    const notPrevented = fireEvent.keyDown(input, { key: 'Enter', shiftKey: true })
    expect(notPrevented).toBe(true)
    expect(transport.callsTo('chat.send')).toHaveLength(0)
    expect(input.value).toBe('line one')
  })

  it('Enter that confirms an IME composition does not send', () => {
    const { input, transport } = setup()
    fireEvent.change(input, { target: { value: 'にほん' } })
    fireEvent.keyDown(input, { key: 'Enter', isComposing: true })
    expect(transport.callsTo('chat.send')).toHaveLength(0)
  })

  it('the Send button sends and is disabled for blank text', async () => {
    const { input, transport } = setup()
    const send = screen.getByTestId<HTMLButtonElement>('send-button')
    expect(send.disabled).toBe(true)
    fireEvent.change(input, { target: { value: 'Via button' } })
    expect(send.disabled).toBe(false)
    await act(async () => {
      fireEvent.click(send)
    })
    expect(transport.callsTo('chat.send')[0]?.input).toEqual({ text: 'Via button' })
  })

  it('shows Stop while a reply streams; Esc and the Stop button stop it', async () => {
    const { input, transport } = setup()
    fireEvent.change(input, { target: { value: 'Hi' } })
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(screen.queryByTestId('send-button')).toBeNull()
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Escape' })
    })
    expect(transport.callsTo('chat.stop')).toEqual([
      { channel: 'chat.stop', input: { generationId: 'g1' } },
    ])
    await act(async () => {
      fireEvent.click(screen.getByTestId('stop-button'))
    })
    expect(transport.callsTo('chat.stop')).toHaveLength(2)
    act(() => {
      transport.emit('chat.done', {
        generationId: 'g1',
        conversationId: 'c1',
        assistantMessageId: 'a1',
        finishReason: 'stopped',
        text: '',
        stats: null,
        error: null,
      })
    })
    expect(screen.getByTestId('send-button')).toBeTruthy()
    expect(screen.queryByTestId('stop-button')).toBeNull()
  })

  it('Esc with no reply running does nothing', () => {
    const { input, transport } = setup()
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(transport.callsTo('chat.stop')).toHaveLength(0)
  })

  it('keeps the typed text and shows why when the send is refused', async () => {
    const transport = new FakeTransport().respond('chat.send', () => ({
      ok: false,
      error: { code: 'NO_MODEL', message: 'No model is loaded yet.' },
    }))
    renderWithStores(<Composer />, transport)
    const input = screen.getByTestId<HTMLTextAreaElement>('composer-input')
    fireEvent.change(input, { target: { value: 'Precious words' } })
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(screen.getByTestId('chat-error').textContent).toContain('No model is loaded yet.')
    expect(input.value).toBe('Precious words')
  })
})
