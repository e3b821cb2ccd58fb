import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StoredConversation } from '../../../../shared/contract/schemas/conversations'
import { FakeTransport } from '../../test/fake-transport'
import { conversation } from '../../test/conversations'
import { ok } from '../../test/fixtures'
import { fakeLayoutPerTest } from '../../test/layout'
import { renderedWhen, renderWithStores } from '../../test/render'
import { Sidebar } from './Sidebar'

fakeLayoutPerTest()
afterEach(() => {
  cleanup()
  localStorage.clear()
  vi.restoreAllMocks()
})

async function renderSidebar(list: StoredConversation[]) {
  const transport = new FakeTransport()
    .respond('conversations.list', () => ok({ conversations: list }))
    .respond('app.notices', () => ok({ notices: [] }))
  let view!: ReturnType<typeof renderWithStores>
  await act(async () => {
    view = renderWithStores(<Sidebar />, transport)
  })
  return view
}

const findRow = (id: string) =>
  screen.getAllByTestId('conversation-row').find((el) => el.dataset['conversationId'] === id)

function row(id: string): HTMLElement {
  const found = findRow(id)
  if (!found) throw new Error(`no row for ${id}`)
  return found
}

describe('Sidebar', () => {
  it('shows the pinned section first, in the order main sends', async () => {
    await renderSidebar([
      conversation('p', { pinned: true, title: 'Pinned one' }),
      conversation('a', { title: 'Recent one' }),
    ])
    const rows = screen.getAllByTestId('conversation-row')
    expect(rows.map((el) => el.dataset['conversationId'])).toEqual(['p', 'a'])
    expect(rows.map((el) => el.dataset['pinned'])).toEqual(['true', 'false'])
    expect(screen.getByText('Pinned')).toBeTruthy()
    expect(screen.getByText('Recent')).toBeTruthy()
  })

  it('renders only the rows in view of a 10,000-conversation list', async () => {
    const list = Array.from({ length: 10_000 }, (_, i) => conversation(`c${i}`))
    await renderSidebar(list)
    const rendered = screen.getAllByTestId('conversation-row').length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(100)
  })

  it('renames inline: Enter saves, Esc cancels', async () => {
    const { transport } = await renderSidebar([conversation('a', { title: 'Old' })])
    transport.respond('conversations.rename', (input) =>
      ok(conversation('a', { title: (input as { title: string }).title })),
    )
    fireEvent.click(within(row('a')).getByTestId('rename-button'))
    const input = screen.getByTestId('rename-input')
    fireEvent.change(input, { target: { value: 'Discarded' } })
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByTestId('rename-input')).toBeNull()
    expect(screen.getByTestId('conversation-title').textContent).toBe('Old')

    fireEvent.doubleClick(screen.getByTestId('conversation-title'))
    fireEvent.change(screen.getByTestId('rename-input'), { target: { value: 'New title' } })
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('rename-input'), { key: 'Enter' })
    })
    expect(screen.getByTestId('conversation-title').textContent).toBe('New title')
    expect(transport.callsTo('conversations.rename').map((c) => c.input)).toEqual([
      { id: 'a', title: 'New title' },
    ])
  })

  it('deletes a row at once and brings it back with Undo', async () => {
    const { transport } = await renderSidebar([conversation('a'), conversation('b')])
    transport
      .respond('conversations.delete', () => ok({ id: 'a', deletedAt: 1, undoMs: 8000 }))
      .respond('conversations.restore', () => ok(conversation('a', { updatedAt: 5 })))
    await act(async () => {
      fireEvent.click(within(row('a')).getByTestId('delete-button'))
    })
    expect(findRow('a')).toBeUndefined()
    expect(screen.getByTestId('undo-toast').textContent).toContain('Conversation deleted.')
    await act(async () => {
      fireEvent.click(screen.getByTestId('undo-button'))
    })
    expect(row('a')).toBeTruthy()
    expect(screen.queryByTestId('undo-toast')).toBeNull()
  })

  it('pins a conversation: it moves to the top', async () => {
    const { transport } = await renderSidebar([conversation('a'), conversation('b')])
    transport.respond('conversations.setPinned', () => ok(conversation('b', { pinned: true })))
    await act(async () => {
      fireEvent.click(within(row('b')).getByTestId('pin-button'))
    })
    const rows = screen.getAllByTestId('conversation-row')
    expect(rows[0]?.dataset['conversationId']).toBe('b')
    expect(rows[0]?.dataset['pinned']).toBe('true')
  })

  it('downloads an export of all conversations as a file', async () => {
    const { transport } = await renderSidebar([conversation('a')])
    transport.respond('conversations.export', () =>
      ok({ fileName: 'hearth.json', mimeType: 'application/json', content: '{}' }),
    )
    const created: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:test'
    })
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    fireEvent.click(screen.getByTestId('export-menu'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-json-all'))
    })
    expect(transport.callsTo('conversations.export')[0]?.input).toEqual({
      ids: 'all',
      format: 'json',
    })
    expect(click).toHaveBeenCalledOnce()
    expect(await created[0]?.text()).toBe('{}')
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('hearth.json')
  })

  it('imports a chosen file and shows the report, or the error', async () => {
    const { transport, stores } = await renderSidebar([])
    transport.respond('conversations.import', (input) =>
      (input as { content: string }).content.startsWith('{')
        ? ok({ imported: 2, messages: 4, renamedIds: [], skipped: [] })
        : { ok: false, error: { code: 'INVALID_INPUT', message: 'Not a Hearth export file.' } },
    )
    fireEvent.click(screen.getByTestId('export-menu'))
    const file = new File(['{"format":"hearth-conversations"}'], 'x.json')
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } })
    })
    await renderedWhen(stores.conversations, (state) => state.importReport !== null)
    expect(screen.getByTestId('import-report').textContent).toContain(
      'Imported 2 conversations (4 messages)',
    )
    fireEvent.click(screen.getByTestId('export-menu'))
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-input'), {
        target: { files: [new File(['garbage'], 'y.json')] },
      })
    })
    await renderedWhen(stores.conversations, (state) => state.importError !== null)
    expect(screen.getByTestId('import-report').textContent).toContain('Not a Hearth export file.')
  })
})
