import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConversationWithMessages, Message } from '../../../../shared/contract/schemas/chat'
import { PAGE_SIZE } from '../../stores/chat-page-actions'
import { conversation, message } from '../../test/conversations'
import { FakeTransport } from '../../test/fake-transport'
import { ok } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { MessageList } from './MessageList'

afterEach(cleanup)

// A 300-message branch that the fake transport pages like main does (before, after, around).
const BRANCH: Message[] = Array.from({ length: 300 }, (_, i) =>
  message(
    `m${i}`,
    i % 2 === 0 ? 'user' : 'assistant',
    `Message ${i}`,
    i === 0 ? null : `m${i - 1}`,
  ),
)

interface PageInput {
  limit?: number
  before?: string
  after?: string
  around?: string
}

function page(input: PageInput): ConversationWithMessages {
  const limit = input.limit ?? 200
  const at = (id: string | undefined) => BRANCH.findIndex((m) => m.id === id)
  let from: number
  if (input.before !== undefined) from = Math.max(0, at(input.before) - limit)
  else if (input.after !== undefined) from = at(input.after) + 1
  else if (input.around !== undefined) from = Math.max(0, at(input.around) - limit / 2)
  else from = Math.max(0, BRANCH.length - limit)
  const to = input.before !== undefined ? at(input.before) : Math.min(BRANCH.length, from + limit)
  const messages = BRANCH.slice(from, to)
  return {
    conversation: conversation('c1'),
    messages,
    hasMore: from > 0,
    before: from > 0 ? (messages[0]?.id ?? null) : null,
    hasNewer: to < BRANCH.length,
    after: to < BRANCH.length ? (messages.at(-1)?.id ?? null) : null,
    activeGenerationId: null,
  }
}

function shownIds(): string[] {
  return screen
    .queryAllByTestId(/^message-(user|assistant)$/)
    .map((el) => el.getAttribute('data-message-id') ?? '')
}

/** jsdom lays nothing out: give the list a viewport and content height, then scroll it. */
function scrollList(scrollTop: number): HTMLElement {
  const list = screen.getByTestId('message-list')
  Object.defineProperty(list, 'clientHeight', { configurable: true, value: 600 })
  Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 20_000 })
  list.scrollTop = scrollTop
  fireEvent.scroll(list)
  return list
}

async function openLong() {
  const transport = new FakeTransport().respond('conversations.get', (input) =>
    ok(page(input as PageInput)),
  )
  const view = renderWithStores(<MessageList />, transport)
  await act(async () => {
    await view.stores.chat.getState().open('c1')
  })
  return view
}

describe('message list paging', () => {
  it('opens at the newest page and adds older pages above, up to the first message', async () => {
    const { transport } = await openLong()
    expect(shownIds()).toHaveLength(PAGE_SIZE)
    expect(shownIds().at(-1)).toBe('m299')
    expect(transport.callsTo('conversations.get')[0]?.input).toEqual({ id: 'c1', limit: PAGE_SIZE })
    while (screen.queryByTestId('load-older')) {
      await act(async () => fireEvent.click(screen.getByTestId('load-older')))
    }
    expect(shownIds()).toEqual(BRANCH.map((m) => m.id))
    expect(transport.callsTo('conversations.get')[1]?.input).toEqual({
      id: 'c1',
      limit: PAGE_SIZE,
      before: `m${300 - PAGE_SIZE}`,
    })
  })

  it('loads the older page when the user scrolls near the top', async () => {
    const { transport } = await openLong()
    await act(async () => {
      scrollList(100)
    })
    expect(transport.callsTo('conversations.get')).toHaveLength(2)
    expect(shownIds()).toHaveLength(PAGE_SIZE * 2)
  })

  it('stops following when the user scrolls up and offers Jump to latest, which goes back down', async () => {
    await openLong()
    expect(screen.queryByTestId('jump-to-latest')).toBeNull()
    const list = await act(async () => scrollList(12_000))
    const jump = screen.getByRole('button', { name: /Jump to latest/ })
    fireEvent.click(jump)
    expect(list.scrollTop).toBe(20_000)
    expect(screen.queryByTestId('jump-to-latest')).toBeNull()
  })

  it('opens a search hit far up on the page around it, marked, and reads the newest page to jump back', async () => {
    const { stores, transport } = await openLong()
    await act(async () => {
      await stores.chat.getState().showMessage('c1', 'm40')
    })
    expect(transport.callsTo('conversations.get').at(-1)?.input).toEqual({
      id: 'c1',
      limit: PAGE_SIZE,
      around: 'm40',
    })
    expect(shownIds()).toContain('m40')
    expect(shownIds()).not.toContain('m299')
    const hit = screen.getAllByTestId(/^message-/).find((el) => el.dataset['messageId'] === 'm40')
    expect(hit?.getAttribute('data-highlighted')).toBe('true')
    expect(screen.getByTestId('load-newer').textContent).toBe('Show later messages')
    await act(async () => fireEvent.click(screen.getByTestId('load-newer')))
    expect(shownIds()).toContain(`m${15 + PAGE_SIZE * 2 - 1}`)
    await act(async () => fireEvent.click(screen.getByTestId('jump-to-latest')))
    expect(shownIds().at(-1)).toBe('m299')
    expect(screen.queryByTestId('load-newer')).toBeNull()
  })
})
