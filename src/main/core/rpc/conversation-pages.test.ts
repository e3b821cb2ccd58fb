import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exportFileOf,
  longConversation,
  longMessageId,
  uniqueWord,
} from '../../../../test-support/long-conversation'
import {
  requests,
  type RequestChannel,
  type RequestInput,
  type RequestOutput,
} from '../../../shared/contract/contract'
import type { AppError } from '../../../shared/contract/errors'
import { createCore, type Core } from '../create-core'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'

// `conversations.get` pages through the whole core and its dispatch, on a real SQLite file seeded
// with a 1,000-message conversation: from a search hit to the page around it, on a hidden branch too.

const silent = { info: () => undefined, error: () => undefined }
const ID = 'paged'
const id = (index: number) => longMessageId(ID, index)

describe('conversations.get pages', () => {
  let core: Core
  let dataDir: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-pages-'))
    core = await createCore({
      dataDir,
      // The real engine on the generated model that never stops: a reply streams until the test
      // stops it, however fast the machine.
      modelPathOverride: await ensureTestModel({ variant: 'endless', preset: 'tiny' }),
      threads: 1,
      autoTitles: false,
      log: silent,
    })
    await core.start()
    const seeded = core.store.importParsed(
      exportFileOf([longConversation({ id: ID, messages: 1000, hiddenBranchAt: 401 })]),
    )
    expect(seeded.ok).toBe(true)
  })

  afterAll(async () => {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  /** Dispatches like a transport does and parses the answer with the contract's output schema. */
  async function call<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<{ ok: true; value: RequestOutput<C> } | { ok: false; error: AppError }> {
    const result = await core.dispatch(channel, input)
    if (!result.ok) return result
    return { ok: true, value: requests[channel].output.parse(result.value) as RequestOutput<C> }
  }

  async function value<C extends RequestChannel>(
    channel: C,
    input: RequestInput<C>,
  ): Promise<RequestOutput<C>> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value
  }

  it('opens a search hit deep in the conversation on the page around it', async () => {
    const search = await value('conversations.search', { query: uniqueWord(123) })
    expect(search.hits.map((hit) => hit.messageId)).toEqual([id(123)])
    const page = await value('conversations.get', { id: ID, limit: 20, around: id(123) })
    expect(page.messages.map((m) => m.id)).toContain(id(123))
    expect(page).toMatchObject({ hasMore: true, hasNewer: true, after: id(133) })
    const newer = await value('conversations.get', { id: ID, limit: 20, after: id(133) })
    expect(newer.messages[0]?.id).toBe(id(134))
  })

  it('refuses two cursors at once with a message that says why', async () => {
    const result = await call('conversations.get', { id: ID, before: id(5), after: id(9) })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(!result.ok && result.error.message).toContain('one page at a time')
  })

  it('switches to a hidden branch for its hit, but not while a reply streams there', async () => {
    // The reply's end, listened for before it starts: the test awaits it rather than polling.
    const ended = new Promise<void>((resolve) => {
      const off = core.events.on('chat.done', (done) => {
        if (done.conversationId !== ID) return
        off()
        resolve()
      })
    })
    const started = await value('chat.send', { conversationId: ID, text: 'One more' })
    const busy = await call('conversations.get', { id: ID, around: `${ID}-alt` })
    expect(busy).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    // A hit on the shown branch opens while the reply streams.
    const shown = await value('conversations.get', { id: ID, limit: 10, around: id(50) })
    expect(shown.activeGenerationId).toBe(started.generationId)
    await value('chat.stop', { generationId: started.generationId })
    await ended
    expect(core.chat.isStreaming(ID)).toBe(false)

    const hit = await value('conversations.search', { query: 'hiddenbranch' })
    expect(hit.hits.map((h) => h.messageId)).toEqual([`${ID}-alt`])
    const page = await value('conversations.get', { id: ID, limit: 10, around: `${ID}-alt` })
    expect(page.messages.at(-1)?.id).toBe(`${ID}-alt`)
    expect(page.branches?.[`${ID}-alt`]).toEqual([`${ID}-alt`, id(401)])
    // The switch is stored: the conversation now opens on that branch.
    const reopened = await value('conversations.get', { id: ID, limit: 1 })
    expect(reopened.messages[0]?.id).toBe(`${ID}-alt`)
  })
})
