import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../transport/client'
import { deferred, FakeTransport } from '../test/fake-transport'
import { conversation } from '../test/conversations'
import { ok } from '../test/fixtures'
import { createConversationsStore } from './conversations-store'
import { stateReached } from '../test/state-reached'

function setup(list = [conversation('a', { updatedAt: 3 }), conversation('b', { updatedAt: 2 })]) {
  let current = list
  const transport = new FakeTransport().respond('conversations.list', () =>
    ok({ conversations: current }),
  )
  const store = createConversationsStore(createClient(transport))
  const disconnect = store.getState().connect()
  const setList = (next: typeof list) => {
    current = next
  }
  return { transport, store, disconnect, setList }
}

const ids = (ctx: ReturnType<typeof setup>) => ctx.store.getState().conversations.map((c) => c.id)

describe('conversations-store', () => {
  it('loads the list in main order and reloads on conversations.changed', async () => {
    const ctx = setup()
    await ctx.store.getState().load()
    expect(ids(ctx)).toEqual(['a', 'b'])
    ctx.setList([conversation('c'), conversation('a'), conversation('b')])
    ctx.transport.emit('conversations.changed', { ids: ['c'] })
    await stateReached(ctx.store, (state) => state.conversations.length === 3)
    expect(ids(ctx)).toEqual(['c', 'a', 'b'])
  })

  it('coalesces a burst of change events into at most one more load', async () => {
    const ctx = setup()
    const answer = deferred<unknown>()
    ctx.transport.respond('conversations.list', () => answer.promise)
    const first = ctx.store.getState().load()
    for (let i = 0; i < 5; i++) ctx.transport.emit('conversations.changed', { ids: [] })
    answer.resolve(ok({ conversations: [conversation('a')] }))
    await first
    expect(ctx.transport.callsTo('conversations.list')).toHaveLength(2)
  })

  it('renames optimistically and takes the title back when main refuses', async () => {
    const ctx = setup()
    await ctx.store.getState().load()
    ctx.transport.respond('conversations.rename', (input) =>
      ok(conversation('a', { title: (input as { title: string }).title })),
    )
    expect(await ctx.store.getState().rename('a', '  Trip plans ')).toBe(true)
    expect(ctx.store.getState().conversations[0]?.title).toBe('Trip plans')
    expect(ctx.transport.callsTo('conversations.rename')[0]?.input).toEqual({
      id: 'a',
      title: 'Trip plans',
    })
    ctx.transport.respond('conversations.rename', () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That conversation is gone.' },
    }))
    expect(await ctx.store.getState().rename('a', 'Other')).toBe(false)
    expect(ctx.store.getState().conversations[0]?.title).toBe('Trip plans')
    expect(ctx.store.getState().error).toBe('That conversation is gone.')
  })

  it('does not send an empty or unchanged title', async () => {
    const ctx = setup()
    await ctx.store.getState().load()
    expect(await ctx.store.getState().rename('a', '   ')).toBe(false)
    expect(await ctx.store.getState().rename('a', 'Title a')).toBe(false)
    expect(ctx.transport.callsTo('conversations.rename')).toHaveLength(0)
  })

  it('moves a pinned conversation to the top at once', async () => {
    const ctx = setup()
    await ctx.store.getState().load()
    ctx.transport.respond('conversations.setPinned', () => ok(conversation('b', { pinned: true })))
    await ctx.store.getState().setPinned('b', true)
    expect(ids(ctx)).toEqual(['b', 'a'])
    expect(ctx.store.getState().conversations[0]?.pinned).toBe(true)
  })

  it('hides a deleted row at once, offers undo for undoMs, and restores it', async () => {
    vi.useFakeTimers()
    try {
      const ctx = setup()
      await ctx.store.getState().load()
      ctx.transport.respond('conversations.delete', () =>
        ok({ id: 'a', deletedAt: 5, undoMs: 8000 }),
      )
      const removing = ctx.store.getState().remove('a')
      expect(ids(ctx)).toEqual(['b'])
      // A reload answering with the row before main saw the delete must not bring it back.
      await ctx.store.getState().load()
      expect(ids(ctx)).toEqual(['b'])
      expect(await removing).toBe(true)
      expect(ctx.store.getState().pendingDelete?.conversation.id).toBe('a')
      ctx.transport.respond('conversations.restore', () => ok(conversation('a', { updatedAt: 3 })))
      expect(await ctx.store.getState().undoDelete()).toBe(true)
      expect(ids(ctx)).toEqual(['a', 'b'])
      expect(ctx.store.getState().pendingDelete).toBeNull()
      expect(ctx.transport.callsTo('conversations.restore')[0]?.input).toEqual({ id: 'a' })

      await ctx.store.getState().remove('a')
      expect(ctx.store.getState().pendingDelete).not.toBeNull()
      vi.advanceTimersByTime(8000)
      expect(ctx.store.getState().pendingDelete).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('brings a row back and says why when main refuses to delete it', async () => {
    const ctx = setup()
    await ctx.store.getState().load()
    ctx.transport.respond('conversations.delete', () => ({
      ok: false,
      error: { code: 'BUSY', message: 'A reply is still being written in this conversation.' },
    }))
    expect(await ctx.store.getState().remove('a')).toBe(false)
    expect(ids(ctx)).toEqual(['a', 'b'])
    expect(ctx.store.getState().error).toMatch(/still being written/)
    expect(ctx.store.getState().pendingDelete).toBeNull()
  })

  it('reports an import, or the error message of a bad file', async () => {
    const ctx = setup()
    const report = { imported: 2, messages: 6, renamedIds: [], skipped: [] }
    ctx.transport.respond('conversations.import', () => ok(report))
    expect(await ctx.store.getState().importFile('{"x":1}')).toBe(true)
    expect(ctx.store.getState().importReport).toEqual(report)
    expect(ctx.transport.callsTo('conversations.list').length).toBeGreaterThan(0)
    ctx.transport.respond('conversations.import', () => ({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'This is not a Hearth export file.' },
    }))
    expect(await ctx.store.getState().importFile('nope')).toBe(false)
    expect(ctx.store.getState().importReport).toBeNull()
    expect(ctx.store.getState().importError).toBe('This is not a Hearth export file.')
  })

  it('loads start notices and dismisses one', async () => {
    const ctx = setup()
    const notice = {
      kind: 'restored-from-backup' as const,
      message: 'History was damaged; restored from a backup.',
      damagedFile: '/d/history.damaged',
      backupFile: '/d/backup',
    }
    ctx.transport.respond('app.notices', () => ok({ notices: [notice] }))
    await ctx.store.getState().loadNotices()
    expect(ctx.store.getState().notices).toEqual([notice])
    ctx.store.getState().dismissNotice(0)
    expect(ctx.store.getState().notices).toEqual([])
  })
})
