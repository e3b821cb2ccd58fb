import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HearthBridge } from '../../../../shared/contract/bridge'
import { ok, sendOutput } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { createDesktopShell } from './desktop-shell'
import { QuickPrompt } from './QuickPrompt'

afterEach(cleanup)
beforeEach(() => window.localStorage.clear())

/** The preload bridge as the Electron shell answers it, recording what the page asked. */
function electronBridge(clipboard: string) {
  const asked: { channel: string; input: unknown }[] = []
  const bridge: HearthBridge = {
    invoke(channel, input) {
      asked.push({ channel, input })
      if (channel === 'desktop.clipboard') return Promise.resolve(ok({ text: clipboard }))
      return Promise.resolve(ok(null))
    },
    on: () => () => undefined,
  }
  return { bridge, asked }
}

async function setup(clipboard = 'first line\nsecond line') {
  const { transport } = settingsTransport()
  transport.respond('chat.send', () => ok(sendOutput))
  const { bridge, asked } = electronBridge(clipboard)
  const view = renderWithStores(<QuickPrompt shell={createDesktopShell(bridge)} />, transport)
  view.stores.chat.getState().connect()
  const input = screen.getByTestId<HTMLTextAreaElement>('quick-input')
  await act(async () => {})
  return { ...view, input, asked }
}

describe('the quick prompt in the Electron shell', () => {
  it('is focused at once; Esc asks the shell to hide the window', async () => {
    const { input, asked } = await setup()
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(asked).toContainEqual({ channel: 'desktop.quick', input: { action: 'hide' } })
  })

  it('reads the clipboard only on Ctrl+Shift+V, and sends it with the question as a quick conversation', async () => {
    const { input, asked, transport } = await setup()
    expect(asked.filter((call) => call.channel === 'desktop.clipboard')).toHaveLength(0)
    fireEvent.change(input, { target: { value: 'Summarise' } })
    await act(async () => {
      fireEvent.keyDown(input, { key: 'V', ctrlKey: true, shiftKey: true })
    })
    expect(screen.getByTestId('quick-clipboard-chip').textContent).toContain('“first line” · 22')
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    expect(transport.callsTo('chat.send')).toEqual([
      {
        channel: 'chat.send',
        input: { text: 'Summarise\n\n```\nfirst line\nsecond line\n```', quick: true },
      },
    ])
    expect(screen.queryByTestId('quick-clipboard-chip')).toBeNull()
  })

  it('Ctrl+Enter continues the quick conversation in the main window', async () => {
    const { input, asked } = await setup()
    fireEvent.change(input, { target: { value: 'Hello' } })
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' })
    })
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true })
    expect(asked).toContainEqual({
      channel: 'desktop.quick',
      input: { action: 'continue', conversationId: 'c1' },
    })
  })
})
