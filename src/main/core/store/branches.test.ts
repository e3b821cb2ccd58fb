import { beforeEach, describe, expect, it } from 'vitest'
import type { ReplyGeneration } from '../../../shared/contract/schemas/conversations'
import { SAMPLING_PRESET_VALUES } from '../../../shared/contract/schemas/sampling'
import { unwrap, useTestStore } from '../../../../test-support/store'

const db = useTestStore()
let conversationId: string

beforeEach(() => {
  conversationId = unwrap(db.store.createConversation({ title: 'Branches' })).id
})

function ask(text: string, parentId: string | null): string {
  return unwrap(db.store.addUserMessage({ conversationId, text, parentId })).id
}

function answer(text: string, parentId: string): string {
  const reply = unwrap(db.store.beginReply({ conversationId, parentId, text }))
  unwrap(db.store.finishReply(reply.id, { finishReason: 'done' }))
  return reply.id
}

function shown(): string[] {
  return unwrap(db.store.getBranch(conversationId)).page.messages.map((m) => m.text)
}

describe('branches in the history store', () => {
  it('shows the newest branch, lists alternatives, and switches to another branch and its continuation', () => {
    const q1 = ask('Q1', null)
    const a1 = answer('A1', q1)
    const q2 = ask('Q2 after A1', a1)
    answer('A2 after A1', q2)
    // Regenerated: a second reply to Q1, with its own continuation.
    const a1b = answer('A1 again', q1)
    const q2b = ask('Q2 after A1 again', a1b)
    answer('A2 after A1 again', q2b)

    expect(shown()).toEqual(['Q1', 'A1 again', 'Q2 after A1 again', 'A2 after A1 again'])
    expect(unwrap(db.store.getBranch(conversationId)).siblings).toEqual({ [a1b]: [a1, a1b] })

    unwrap(db.store.setActiveMessage(conversationId, a1))
    expect(shown()).toEqual(['Q1', 'A1', 'Q2 after A1', 'A2 after A1'])
    expect(db.store.branchLeaf(conversationId)).not.toBeNull()
    // A new message goes below the shown branch's end and stays shown.
    const q3 = ask('Q3', db.store.branchLeaf(conversationId))
    expect(shown().at(-1)).toBe('Q3')
    expect(unwrap(db.store.getMessage(q3)).parentId).not.toBe(q2b)
  })

  it('lists edits of the first message as alternatives too', () => {
    const first = ask('Hello', null)
    answer('Hi', first)
    const edited = ask('Hello there', null)
    answer('Hi there', edited)
    const branch = unwrap(db.store.getBranch(conversationId))
    expect(branch.page.messages.map((m) => m.text)).toEqual(['Hello there', 'Hi there'])
    expect(branch.siblings).toEqual({ [edited]: [first, edited] })
  })

  it('pages a long branch from its newest message, never mixing in other branches', () => {
    let parent: string | null = null
    for (let i = 0; i < 250; i++) {
      const q = ask(`q${i}`, parent)
      parent = answer(`a${i}`, q)
      // Every question also has a regenerated reply that is not on the shown branch… until the end.
      if (i < 249) answer(`other${i}`, q)
    }
    unwrap(db.store.setActiveMessage(conversationId, parent))
    const first = unwrap(db.store.getBranch(conversationId, { limit: 200 })).page
    expect(first.messages).toHaveLength(200)
    expect(first.messages.at(-1)?.text).toBe('a249')
    expect(first.messages[0]?.text).toBe('q150')
    expect(first.hasMore).toBe(true)
    const second = unwrap(db.store.getBranch(conversationId, { limit: 200, before: first.before }))
    const pairs = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => [`q${from + i}`, `a${from + i}`]).flat()
    expect(second.page.messages.map((m) => m.text)).toEqual(pairs(50, 150))
    const third = unwrap(
      db.store.getBranch(conversationId, { limit: 200, before: second.page.before }),
    )
    expect(third.page.messages.map((m) => m.text)).toEqual(pairs(0, 50))
    expect(third.page).toMatchObject({ hasMore: false, before: null })
  })

  it('deletes a message with everything below it, and an undo puts back exactly what was there', () => {
    const q1 = ask('Keep me', null)
    const a1 = answer('Kept too', q1)
    const q2 = ask('Delete from here', a1)
    const a2 = answer('And this', q2)
    const a2b = answer('And this other branch', q2)
    ask('An edit of the deleted message stays', a1)
    const before = unwrap(db.store.getBranch(conversationId)).page.messages

    const deleted = unwrap(db.store.deleteMessages(q2))
    expect(deleted.rows.map((row) => row['id'])).toEqual([q2, a2, a2b])
    expect(shown()).toEqual(['Keep me', 'Kept too', 'An edit of the deleted message stays'])
    expect(db.store.search('branch').filter((hit) => hit.messageId === a2b)).toEqual([])
    expect(db.store.getMessage(a2).ok).toBe(false)

    expect(unwrap(db.store.restoreMessages(deleted))).toBe(3)
    expect(unwrap(db.store.getBranch(conversationId)).page.messages).toEqual(before)
    expect(unwrap(db.store.getMessage(a2b)).text).toBe('And this other branch')
    expect(db.store.search('branch').some((hit) => hit.messageId === a2b)).toBe(true)
  })

  it('keeps how a reply was made, through an export and an import under new ids', async () => {
    const q1 = ask('First', null)
    const a1 = answer('One', q1)
    const q2 = ask('Second', a1)
    const a2 = answer('Two', q2)
    const generation: ReplyGeneration = {
      model: 'Hearth Test Model',
      systemPrompt: 'Be brief.',
      sampling: SAMPLING_PRESET_VALUES.llama3,
      samplingName: 'llama3',
      source: 'conversation',
      context: { contextSize: 256, promptTokens: 180, replyTokens: 4, firstSeenId: q2 },
    }
    unwrap(db.store.recordGeneration(a2, generation))
    expect(unwrap(db.store.getMessage(a2)).generation).toEqual(generation)

    const file = unwrap(db.store.exportJson([conversationId]))
    ask('Third, after the export', a2)
    // Imported beside the original: its ids are taken, so all are renewed, the context's included.
    const report = unwrap(db.store.importParsed(file))
    const copyId = report.renamedIds[0]?.to ?? ''
    const copy = unwrap(db.store.getBranch(copyId)).page.messages
    const copiedQ2 = copy.find((m) => m.text === 'Second')
    expect(copy.at(-1)?.generation).toEqual({
      ...generation,
      context: { ...generation.context, firstSeenId: copiedQ2?.id },
    })
  })
})
