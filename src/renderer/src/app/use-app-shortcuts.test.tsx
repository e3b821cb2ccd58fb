import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeTransport } from '../test/fake-transport'
import { done, ok, sendOutput } from '../test/fixtures'
import { createClient } from '../transport/client'
import { createStores, type Stores } from '../stores/stores-context'
import { useAppShortcuts } from './use-app-shortcuts'
import { fakeFrames, nextFrame, renderedWhen } from '../test/render'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

function Shortcuts({ stores }: { stores: Stores }) {
  useAppShortcuts(stores)
  return <textarea id="composer-input" />
}

function press(key: string, options: KeyboardEventInit = {}) {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, ...options }))
}

async function setup() {
  const transport = new FakeTransport().respond('chat.send', () => ok(sendOutput))
  const stores = createStores(createClient(transport))
  stores.chat.getState().connect()
  render(<Shortcuts stores={stores} />)
  await act(async () => {
    await stores.chat.getState().send('Hi')
  })
  transport.emit('chat.done', done({ text: '# Title\n\nSome *markdown*' }))
  return { stores, transport }
}

describe('the window shortcuts', () => {
  it('copies the last reply as Markdown with Ctrl+Shift+C', async () => {
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const { stores } = await setup()
    await act(async () => press('C', { shiftKey: true }))
    // The notice is set once the clipboard has taken the text.
    await renderedWhen(stores.chat, (state) => state.notice !== null)
    expect(writeText).toHaveBeenCalledWith('# Title\n\nSome *markdown*')
    expect(stores.chat.getState().notice).toBe('Reply copied as Markdown.')
  })

  it('starts a new conversation with Ctrl+N from any screen, with the cursor in the composer', async () => {
    const { stores } = await setup()
    stores.settings.getState().openScreen()
    fakeFrames()
    await act(async () => press('n'))
    expect(stores.chat.getState().messageIds).toEqual([])
    expect(stores.settings.getState().screenOpen).toBe(false)
    // The composer takes the cursor with the next frame, once the chat screen is drawn.
    nextFrame()
    expect(document.activeElement?.id).toBe('composer-input')
  })

  it('opens Settings with Ctrl+, and leaves other keys alone', async () => {
    const { stores } = await setup()
    await act(async () => press('c'))
    expect(stores.chat.getState().notice).toBeNull()
    await act(async () => press(','))
    expect(stores.settings.getState().screenOpen).toBe(true)
  })
})
