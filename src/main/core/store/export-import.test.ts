import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ExportFileSchema } from '../../../shared/contract/schemas/conversations'
import type { HistoryStore } from './history-store'
import { openTestStore, tempDataDir, unwrap } from '../../../../test-support/store'

let cleanups: (() => void)[] = []
let stores: HistoryStore[] = []

async function freshStore(): Promise<HistoryStore> {
  const temp = tempDataDir()
  cleanups.push(temp.cleanup)
  const store = await openTestStore(temp.dir)
  stores.push(store)
  return store
}

let source: HistoryStore
beforeEach(async () => {
  source = await freshStore()
})
afterEach(async () => {
  for (const store of stores) await store.close()
  for (const cleanup of cleanups) cleanup()
  stores = []
  cleanups = []
})

function seed(store: HistoryStore): string {
  const c = unwrap(
    store.createConversation({
      title: 'Bread',
      systemPrompt: 'Be a baker.',
      sampling: { values: { temperature: 0.3 } },
    }),
  )
  const q = unwrap(store.addUserMessage({ conversationId: c.id, text: 'How long to proof?' }))
  const a = unwrap(store.beginReply({ conversationId: c.id, parentId: q.id, text: 'One hour.' }))
  unwrap(
    store.finishReply(a.id, {
      finishReason: 'done',
      stats: { ttftMs: 1, tokensPerSecond: 2, tokenCount: 3 },
    }),
  )
  const b = unwrap(
    store.beginReply({ conversationId: c.id, parentId: q.id, text: 'Until doubled.' }),
  )
  unwrap(store.finishReply(b.id, { finishReason: 'stopped' }))
  unwrap(store.setPinned(c.id, true))
  return c.id
}

describe('export', () => {
  it('exports JSON that matches the versioned schema, branches and settings included', () => {
    const id = seed(source)
    const file = unwrap(source.exportJson('all'))
    expect(ExportFileSchema.parse(file)).toEqual(file)
    expect(file.version).toBe(1)
    const [conversation] = file.conversations
    expect(conversation).toMatchObject({
      id,
      pinned: true,
      systemPrompt: 'Be a baker.',
      sampling: { values: { temperature: 0.3 } },
    })
    const parents = conversation?.messages.map((m) => m.parentId)
    expect(parents?.[1]).toBe(conversation?.messages[0]?.id)
    expect(parents?.[2]).toBe(conversation?.messages[0]?.id)
  })

  it('exports readable Markdown', () => {
    const id = seed(source)
    const markdown = unwrap(source.exportMarkdown([id]))
    expect(markdown).toContain('# Bread')
    expect(markdown).toContain('## You\n\nHow long to proof?')
    expect(markdown).toContain('## Assistant (replaced by a later version)\n\nOne hour.')
    expect(markdown).toContain('## Assistant (stopped)\n\nUntil doubled.')
    expect(source.exportMarkdown(['missing']).ok).toBe(false)
  })
})

describe('import', () => {
  it('round-trips into another store, then skips an identical re-import', async () => {
    seed(source)
    const text = JSON.stringify(unwrap(source.exportJson('all')))
    const target = await freshStore()
    const report = unwrap(await target.importJson(text))
    expect(report).toMatchObject({ imported: 1, messages: 3, renamedIds: [], skipped: [] })
    const exported = unwrap(target.exportJson('all'))
    expect(exported.conversations).toEqual(unwrap(source.exportJson('all')).conversations)
    expect(target.search('doubled')).toHaveLength(1)

    const again = unwrap(await target.importJson(text))
    expect(again).toMatchObject({ imported: 0, skipped: [exported.conversations[0]?.id] })
  })

  it('never overwrites: a taken id gets new ids, parent links follow', async () => {
    const id = seed(source)
    const file = unwrap(source.exportJson('all'))
    const edited = structuredClone(file)
    const first = edited.conversations[0]
    if (first) first.title = 'Bread (edited elsewhere)'
    first?.messages.pop()
    const report = unwrap(await source.importJson(JSON.stringify(edited)))
    expect(report.renamedIds).toHaveLength(1)
    expect(report.renamedIds[0]?.from).toBe(id)
    const newId = report.renamedIds[0]?.to ?? ''
    expect(unwrap(source.getConversation(id)).conversation.title).toBe('Bread')
    const copy = unwrap(source.getConversation(newId)).page.messages
    expect(copy).toHaveLength(2)
    expect(copy[1]?.parentId).toBe(copy[0]?.id)
    expect(copy[0]?.id).not.toBe(file.conversations[0]?.messages[0]?.id)
  })

  it('answers a bad file with a message that says where, and imports nothing', async () => {
    seed(source)
    const file = unwrap(source.exportJson('all'))
    const target = await freshStore()
    const bad = structuredClone(file) as unknown as {
      conversations: { messages: { role: string }[] }[]
    }
    const good = structuredClone(file.conversations[0])
    if (good) good.id = 'second'
    bad.conversations.unshift(good as never)
    const message = bad.conversations[1]?.messages[2]
    if (message) message.role = 'robot'
    const result = await target.importJson(JSON.stringify(bad))
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT')
      expect(result.error.message).toMatch(/conversations\.1\.messages\.2\.role: .*user.*assistant/)
    }
    expect(target.listConversations()).toEqual([])

    for (const [text, pattern] of [
      ['{not json', /not JSON/],
      ['{"format":"hearth-conversations","version":7,"conversations":[]}', /newer Hearth/],
      ['[]', /file: /],
    ] as const) {
      const answer = await target.importJson(text)
      expect(answer.ok).toBe(false)
      if (!answer.ok) expect(answer.error.message).toMatch(pattern)
    }
  })

  it('rejects a parent id that names no earlier message', async () => {
    seed(source)
    const file = unwrap(source.exportJson('all'))
    const message = file.conversations[0]?.messages[1]
    if (message) message.parentId = 'ghost'
    const result = await source.importJson(JSON.stringify(file))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toContain('messages.1.parentId')
  })

  it('is all or nothing when the disk fills half-way', async () => {
    const target = await freshStore()
    const file = {
      format: 'hearth-conversations',
      version: 1,
      exportedAt: 1,
      conversations: Array.from({ length: 40 }, (_, i) => ({
        id: `c${i}`,
        title: `conversation ${i}`,
        pinned: false,
        createdAt: 1,
        updatedAt: 1,
        systemPrompt: null,
        sampling: null,
        model: null,
        messages: [
          {
            id: `m${i}`,
            role: 'user',
            text: 'x'.repeat(20_000),
            parentId: null,
            createdAt: 1,
            finishReason: null,
            stats: null,
          },
        ],
      })),
    }
    // Room for the schema and a few conversations, not all 40.
    target.setMaxPageCount(60)
    const result = await target.importJson(JSON.stringify(file))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('DISK_FULL')
    expect(target.listConversations()).toEqual([])
  })
})

describe('dates out of Date range (issue 10)', () => {
  it('an import with a time Date cannot hold is refused with a typed error', async () => {
    const file = unwrap(source.exportJson([seed(source)]))
    const [conversation] = file.conversations
    if (conversation === undefined) throw new Error('nothing exported')
    const broken = { ...file, conversations: [{ ...conversation, createdAt: 9e15 }] }
    const target = await freshStore()
    const result = await target.importJson(JSON.stringify(broken))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).not.toBe('INTERNAL')
  })

  it('a time already stored out of range still exports, as Markdown and as JSON', async () => {
    const id = seed(source)
    const db = new DatabaseSync(source.info.path)
    db.prepare('UPDATE conversations SET created_at = ? WHERE id = ?').run(9e15, id)
    db.close()
    const markdown = source.exportMarkdown('all')
    expect(markdown.ok).toBe(true)
    expect(markdown.ok && markdown.value).toContain('Created: unknown date')
    expect(source.exportJson('all').ok).toBe(true)
  })

  it('a file that is not JSON is refused without quoting what it holds', async () => {
    const result = await source.importJson('root:x:0:0:root:/root:/bin/bash')
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(result)).not.toMatch(/root|bash/)
  })
})
