import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConversationWithMessages } from '../../../../shared/contract/schemas/chat'
import { SAMPLING_PRESET_VALUES } from '../../../../shared/contract/schemas/sampling'
import { conversation, message } from '../../test/conversations'
import { FakeTransport } from '../../test/fake-transport'
import { ok } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { ChatView } from './ChatView'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const lisbon: ConversationWithMessages = {
  conversation: conversation('c1'),
  messages: [
    message('u1', 'user', 'Plan a trip', null),
    message('a1', 'assistant', 'Where to?', 'u1'),
    message('u2', 'user', 'To Lisbon', 'a1'),
    {
      ...message('a2', 'assistant', '**Lisbon** it is', 'u2'),
      generation: {
        model: 'Hearth Test Model',
        systemPrompt: 'You are a pirate.',
        sampling: SAMPLING_PRESET_VALUES.llama3,
        samplingName: 'llama3',
        source: 'conversation',
        context: { contextSize: 256, promptTokens: 181, replyTokens: 4, firstSeenId: 'u2' },
      },
    },
  ],
  hasMore: false,
  before: null,
  hasNewer: false,
  after: null,
  activeGenerationId: null,
  branches: { u2: ['u2', 'u2b', 'u2c'] },
  context: { usedTokens: 185, contextSize: 256, firstSeenId: 'u2' },
}

async function renderChat(transport = new FakeTransport()) {
  transport.respond('conversations.get', () => ok(lisbon))
  const view = renderWithStores(<ChatView />, transport)
  view.stores.chat.getState().connect()
  await act(async () => {
    await view.stores.chat.getState().open('c1')
  })
  return view
}

function item(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-message-id="${id}"]`)
  if (!element) throw new Error(`no message ${id}`)
  return element
}

describe('the chat controls', () => {
  it('shows the context meter and the divider right above the first message the model saw', async () => {
    await renderChat()
    expect(screen.getByTestId('context-meter-text').textContent).toBe('185 / 256 tokens')
    const divider = screen.getByTestId('context-divider')
    expect(divider.textContent).toBe('Earlier messages are beyond what the model can see')
    expect(divider.nextElementSibling).toBe(item('u2'))
  })

  it('shows "2 / 3" with previous and next, and switches to that branch', async () => {
    const transport = new FakeTransport().respond('conversations.switchBranch', () =>
      ok({
        ...lisbon,
        messages: [...lisbon.messages.slice(0, 2), message('u2c', 'user', 'To Faro', 'a1')],
        branches: { u2c: ['u2', 'u2b', 'u2c'] },
        context: null,
      }),
    )
    await renderChat(transport)
    expect(item('u2').querySelector('[data-testid="branch-position"]')?.textContent).toBe('1 / 3')
    expect(
      item('u2').querySelector<HTMLButtonElement>('[data-testid="branch-previous"]')?.disabled,
    ).toBe(true)
    await act(async () => {
      fireEvent.click(item('u2').querySelector('[data-testid="branch-next"]') as Element)
    })
    expect(transport.callsTo('conversations.switchBranch')[0]?.input).toEqual({ messageId: 'u2b' })
    expect(item('u2c').textContent).toContain('To Faro')
    expect(item('u2c').querySelector('[data-testid="branch-position"]')?.textContent).toBe('3 / 3')
  })

  it('edits with Up from the empty composer: Esc cancels, Enter sends the edit', async () => {
    const transport = new FakeTransport().respond('chat.edit', () =>
      ok({
        conversationId: 'c1',
        userMessageId: 'u3',
        assistantMessageId: 'a3',
        generationId: 'g',
      }),
    )
    await renderChat(transport)
    const composer = screen.getByTestId('composer-input')
    fireEvent.keyDown(composer, { key: 'ArrowUp' })
    const input = screen.getByTestId<HTMLTextAreaElement>('edit-input')
    expect(input.value).toBe('To Lisbon')
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByTestId('message-editor')).toBeNull()

    fireEvent.click(item('u2').querySelector('[data-testid="edit-button"]') as Element)
    fireEvent.change(screen.getByTestId('edit-input'), { target: { value: 'To Porto' } })
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('edit-input'), { key: 'Enter' })
    })
    expect(transport.callsTo('chat.edit')[0]?.input).toEqual({ messageId: 'u2', text: 'To Porto' })
    expect(item('u3').textContent).toContain('To Porto')
  })

  it('copies a message as the Markdown it was written in', async () => {
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    await renderChat()
    await act(async () => {
      fireEvent.click(item('a2').querySelector('[data-testid="copy-button"]') as Element)
    })
    expect(writeText).toHaveBeenCalledWith('**Lisbon** it is')
    expect(screen.getByTestId('chat-notice').textContent).toBe('Copied as Markdown.')
  })

  it('tells how a reply was made', async () => {
    await renderChat()
    const details = item('a2').querySelector('[data-testid="reply-details"]')
    expect(details?.querySelector('[data-testid="reply-details-system"]')?.textContent).toBe(
      'You are a pirate.',
    )
    expect(details?.querySelector('[data-testid="reply-details-sampling"]')?.textContent).toContain(
      "Llama 3's (temperature 0.6, top-p 0.9): temperature 0.6, top-p 0.9, top-k 50",
    )
    expect(details?.querySelector('[data-testid="reply-details-context"]')?.textContent).toBe(
      '185 of 256 tokens; earlier messages were beyond its view',
    )
  })

  it('deletes a message and what followed, with an undo toast', async () => {
    const transport = new FakeTransport()
      .respond('conversations.deleteMessage', () =>
        ok({ conversationId: 'c1', undoId: 'u', deleted: 2, undoMs: 8000 }),
      )
      .respond('conversations.restoreMessages', () => ok({ conversationId: 'c1', restored: 2 }))
    await renderChat(transport)
    await act(async () => {
      fireEvent.click(item('u2').querySelector('[data-testid="delete-message-button"]') as Element)
    })
    expect(screen.getByTestId('message-undo-toast').textContent).toContain('2 messages deleted.')
    await act(async () => {
      fireEvent.click(screen.getByTestId('message-undo-button'))
    })
    expect(transport.callsTo('conversations.restoreMessages')).toHaveLength(1)
    expect(screen.queryByTestId('message-undo-toast')).toBeNull()
  })
})
