import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { expectedQuoteReply, TEST_MODEL_REPLY } from '../../../../scripts/make-test-model.ts'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import type { ChatTurn } from './engine'
import { askEngine, loadStateEngine, replyText } from '../../../../test-support/engine-turns'
import type { LlamaEngine, LlamaEngineOptions } from './llama-engine'

/** About 400 tokens of first message, so a restore is plainly visible in the counts. */
const LONG = 'Hello from Hearth. '.repeat(100)

const stateFiles = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.hstate'))

describe('conversation states on the real engine (generated Llama 3 shaped model)', () => {
  let modelPath: string
  let dir: string
  const engines: LlamaEngine[] = []
  const start = async (options: Partial<LlamaEngineOptions> = {}, model?: string) => {
    const engine = await loadStateEngine(model ?? modelPath, dir, options)
    engines.push(engine)
    return engine
  }

  beforeAll(async () => {
    modelPath = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
  })
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  afterAll(async () => {
    for (const engine of engines.splice(0)) await engine.dispose()
  })

  const first: ChatTurn[] = [{ role: 'user', text: LONG }]

  /** A fresh folder with conversation "a" answered and saved at quit; the state file's name. */
  async function savedConversation(): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    await engine.dispose()
    const [name] = await stateFiles(dir)
    if (name === undefined) throw new Error('no state was saved')
    return name
  }
  const followUp: ChatTurn[] = [
    ...first,
    { role: 'assistant', text: TEST_MODEL_REPLY },
    { role: 'user', text: 'And again?' },
  ]

  it('saves a conversation as the engine leaves it and restores it on return: only the new turn is evaluated', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const engine = await start()
    expect(await replyText(engine, 'a', first)).toBe(TEST_MODEL_REPLY)
    const held = engine.diagnostics()?.sequenceTokens ?? 0
    expect(held).toBeGreaterThan(300)

    expect(await replyText(engine, 'b', [{ role: 'user', text: 'Something else' }])).toBe(
      TEST_MODEL_REPLY,
    )
    // Leaving "a" saved exactly what the sequence held.
    expect(engine.diagnostics()?.lastSave).toMatchObject({ tokens: held })
    await engine.flushState()
    expect(await stateFiles(dir)).toHaveLength(2)

    expect(await replyText(engine, 'a', followUp)).toBe(TEST_MODEL_REPLY)
    const turn = engine.diagnostics()?.lastTurn
    expect(turn?.restoredTokens).toBe(turn?.reusedTokens)
    expect(turn?.reusedTokens).toBeGreaterThanOrEqual(held - 1)
    // The new user turn and its headers (about 30 byte-level tokens here), not the conversation.
    expect((turn?.promptTokens ?? 0) - (turn?.reusedTokens ?? 0)).toBeLessThan(40)
  })

  it('restores a conversation after a restart, from the file the last run left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const before = await start()
    await replyText(before, 'a', first)
    const held = before.diagnostics()?.sequenceTokens ?? 0
    // Quitting saves the conversation the sequence holds.
    await before.dispose()
    expect(await stateFiles(dir)).toHaveLength(1)
    expect(existsSync(join(dir, 'model-ids.json'))).toBe(true)

    const after = await start()
    expect(await replyText(after, 'a', followUp)).toBe(TEST_MODEL_REPLY)
    expect(after.diagnostics()?.lastTurn?.restoredTokens).toBeGreaterThanOrEqual(held - 1)
    expect(after.diagnostics()?.lastRestore?.tokens).toBe(held)
  })

  it('an edit earlier in the conversation invalidates exactly what follows it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    await engine.flushState()
    await engine.dispose()

    const after = await start()
    const edited: ChatTurn[] = [{ role: 'user', text: `${LONG}Edited at the end.` }]
    expect(await replyText(after, 'a', edited)).toBe(TEST_MODEL_REPLY)
    const turn = after.diagnostics()?.lastTurn
    const saved = after.diagnostics()?.lastRestore?.tokens ?? 0
    // Restored up to the edit (the file covers more), evaluated from there on.
    expect(turn?.restoredTokens).toBeGreaterThan(300)
    expect(turn?.restoredTokens).toBeLessThan(saved)
    // The prompt, the 4-token reply and the next turn's 5-token opening, evaluated after it.
    await after.settled()
    expect(after.diagnostics()?.sequenceTokens).toBe((turn?.promptTokens ?? 0) + 4 + 5)
  })

  it('deletes a damaged state file instead of loading it, and answers all the same', async () => {
    const name = await savedConversation()
    const bytes = await readFile(join(dir, name))
    const middle = Math.floor(bytes.length / 2)
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle)
    await writeFile(join(dir, name), bytes)

    const after = await start()
    expect(await replyText(after, 'a', followUp)).toBe(TEST_MODEL_REPLY)
    expect(after.diagnostics()?.lastTurn?.restoredTokens).toBe(0)
    expect(after.diagnostics()?.lastRestore).toBeNull()
    expect(existsSync(join(dir, name))).toBe(false)
  })

  it('removes what a crash left at start: temporaries and files without a header', async () => {
    const name = await savedConversation()
    const whole = await readFile(join(dir, name))
    // A kill mid-write: half a temporary, and a state file cut before its header.
    await writeFile(join(dir, `${name}.999.abcd.tmp`), whole.subarray(0, whole.length / 2))
    await writeFile(join(dir, name), whole.subarray(0, whole.length - 40))

    const after = await start()
    expect(await replyText(after, 'a', followUp)).toBe(TEST_MODEL_REPLY)
    expect(after.diagnostics()?.lastTurn?.restoredTokens).toBe(0)
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.endsWith('.hstate'))).toEqual(
      [],
    )
  })

  it('keeps nothing when the limit is 0, and work without a conversation is never saved', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const off = await start({ stateCacheMaxBytes: () => 0 })
    await replyText(off, 'a', first)
    await replyText(off, 'b', first)
    await off.dispose()
    expect(await stateFiles(dir)).toEqual([])

    const anonymous = await start()
    await replyText(anonymous, undefined, first)
    await replyText(anonymous, 'b', [{ role: 'user', text: 'Hi' }])
    await anonymous.dispose()
    // Only "b" (the conversation) has a state; the API-style prompt left none.
    expect(await stateFiles(dir)).toHaveLength(1)
  })

  it('answers a title as a continuation and erases it: the conversation stays evaluated', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const engine = await start()
    await replyText(engine, 'a', first)
    const held = engine.diagnostics()?.sequenceTokens ?? 0
    const title = await engine.generate({
      ...askEngine('a', [
        ...first,
        { role: 'assistant', text: TEST_MODEL_REPLY },
        { role: 'user', text: 'Title?' },
      ]),
      sideJob: true,
    })
    expect(title.ok).toBe(true)
    expect(engine.diagnostics()?.lastTurn?.evictedTokens).toBe(0)
    expect(engine.diagnostics()?.sequenceTokens).toBe(held)
    await replyText(engine, 'a', followUp)
    expect(engine.diagnostics()?.lastTurn?.reusedTokens).toBeGreaterThanOrEqual(held - 1)
  })

  it('verifies quoted text several tokens at a time with prompt lookup, and not at all with it off', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-state-'))
    const quoteModel = await ensureTestModel({ variant: 'quote', preset: 'tiny' })
    const quoted = expectedQuoteReply({ preset: 'tiny' })
    const conversation: ChatTurn[] = [
      { role: 'user', text: 'Write something long.' },
      { role: 'assistant', text: quoted },
      { role: 'user', text: `Repeat this: ${quoted}` },
    ]
    let lookup = true
    const engine = await start({ promptLookup: () => lookup }, quoteModel)
    const withLookup = await replyText(engine, 'q', conversation)
    const on = engine.diagnostics()?.lastTurn
    lookup = false
    const without = await replyText(engine, 'q', conversation)
    const off = engine.diagnostics()?.lastTurn
    expect(withLookup).toBe(quoted)
    expect(without).toBe(quoted)
    // One token proposed per step (OneTokenInputLookup): about every other token of the quote.
    expect(on?.validated).toBeGreaterThan(25)
    expect(on?.refuted).toBe(0)
    expect(off?.validated).toBe(0)
    // Switching the setting rebuilt the sequence; the conversation came back from its state.
    expect(off?.restoredTokens).toBeGreaterThan(0)
  })
})
