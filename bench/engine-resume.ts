import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import type { EventPayload } from '../src/shared/contract/contract'
import { titleFrom } from '../src/main/core/chat/active-branch'
import { createCore, type Core } from '../src/main/core/create-core'
import { LlamaEngine } from '../src/main/core/engine/llama-engine'
import { benchSampling } from './bench-core'
import type { Figures } from './stats'

export interface ResumeBenchOptions {
  modelPath?: string
  threads: number
  /** Repetitions of "Hello from Hearth. " in the first message: 490 make about 2,000 tokens. */
  repeats?: number
  log: (line: string) => void
}

export const RESUME_BENCH_GOALS = {
  'engine.resume_ttft_ratio': { max: 0.02 },
  'engine.restart_ttft_ratio': { max: 0.02 },
  // Whole tokens: "< 1" is 0.
  'engine.title_evicts': { max: 1 },
} as const

/** The title request as Hearth sent it before issue 15: a prompt of its own, on the same sequence. */
const SEPARATE_TITLE_PROMPT =
  'Write a title of at most six words for a conversation that starts with the exchange below. Answer with the title only.'

const silent = { info: () => undefined, error: () => undefined }

/**
 * Every later message: four tokens in the generated model's vocabulary, about what a short
 * follow-up costs a real Llama 3 (whose vocabulary has whole words where the generated one spells
 * most English letter by letter).
 */
const FOLLOW_UP = 'Hello from Hearth.'

interface Session {
  core: Core
  engine: LlamaEngine
}

async function open(dataDir: string, modelPath: string, threads: number): Promise<Session> {
  const core = await createCore({
    dataDir,
    modelPathOverride: modelPath,
    threads,
    sampling: () => benchSampling(16),
    log: silent,
  })
  await core.start()
  if (core.engine.getStatus().state !== 'ready') throw new Error('the bench model did not load')
  if (!(core.engine instanceof LlamaEngine)) throw new Error('the bench needs the local engine')
  return { core, engine: core.engine }
}

/** Sends a message and waits for its end; `held` is what the sequence held right at `chat.done`. */
async function send(
  { core, engine }: Session,
  text: string,
  conversationId?: string,
): Promise<{ done: EventPayload<'chat.done'>; held: number }> {
  let held = 0
  const done = new Promise<EventPayload<'chat.done'>>((resolve) => {
    const stop = core.events.on('chat.done', (payload) => {
      stop()
      // Synchronous with the reply's end: a title starts only after this.
      held = engine.diagnostics()?.sequenceTokens ?? 0
      resolve(payload)
    })
  })
  const sent = await core.dispatch('chat.send', {
    text,
    ...(conversationId === undefined ? {} : { conversationId }),
  })
  if (!sent.ok) throw new Error(sent.error.message)
  const payload = await done
  if (payload.error !== null) throw new Error(payload.error.message)
  return { done: payload, held }
}

/**
 * What the app does when the user opens a conversation and types: `chat.prepare` with the empty
 * composer, then with the draft (the composer sends it once typing pauses), each left to finish.
 */
async function openAndType({ core, engine }: Session, conversationId: string, draft: string) {
  for (const text of ['', draft]) {
    const prepared = await core.dispatch('chat.prepare', { conversationId, draft: text })
    if (!prepared.ok) throw new Error(prepared.error.message)
    await engine.settled()
  }
}

const ttftOf = (done: EventPayload<'chat.done'>): number => done.stats?.ttftMs ?? Number.NaN

/** Resolves once the conversation's provisional title has been replaced by the model's. */
function titled(core: Core, conversationId: string, provisional: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = core.store.getConversation(conversationId, { limit: 1 })
      if (found.ok && found.value.conversation.title !== provisional) {
        stop()
        clearTimeout(timer)
        resolve()
      }
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error('the automatic title never came'))
    }, 300_000)
    const stop = core.events.on('conversations.changed', check)
    check()
  })
}

/**
 * Instant resume on a ~2,000-token conversation, through the whole core as the app runs it:
 *
 * - `engine.resume_ttft_ratio`: time to first token of a follow-up after switching to another
 *   conversation and back, with the state cache, divided by the same without it (the whole
 *   conversation evaluated again), same run. Both sides go as the app goes: the user opens the
 *   conversation and types the follow-up, the renderer sends `chat.prepare` meanwhile, then the
 *   send (without the cache, `chat.prepare` has nothing to restore and evaluates nothing).
 * - `engine.restart_ttft_ratio`: the same for the first follow-up after the core restarts.
 * - `..._unprepared_ttft_ratio`: the same with the send straight after the switch or restart, no
 *   `chat.prepare` before it (an API client, or a send faster than the composer's pause).
 * - `engine.title_evicts`: conversation tokens the follow-up must evaluate again because the
 *   automatic title ran in between (`..._separate_prompt`: the same with the title as a prompt of
 *   its own, as before issue 15).
 * - `engine.cache_write_ms` (llama.cpp writing the state, the only part that holds the sequence),
 *   `engine.cache_commit_ms` (checksum, header, sync and rename, in the background) and
 *   `engine.state_mb_per_1k_tokens`.
 */
export async function runEngineResumeBench(options: ResumeBenchOptions): Promise<Figures> {
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'reply', preset: 'bench' }))
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-resume-'))
  const long = 'Hello from Hearth. '.repeat(options.repeats ?? 490)
  const { log } = options
  log(`resume: ${modelPath}, ${options.threads} thread(s)`)
  let session: Session | null = null
  try {
    // With the cache (the defaults).
    session = await open(dataDir, modelPath, options.threads)
    const a = await send(session, long)
    const conversation = a.done.conversationId
    const titleStarted = performance.now()
    await titled(session.core, conversation, titleFrom(long))
    const titleMs = performance.now() - titleStarted
    await session.engine.flushState()
    const saved = session.engine.diagnostics()?.lastSave
    if (!saved || saved.commitMs === null) throw new Error('the conversation was not saved')
    log(
      `  first message: ${a.held} tokens held, first token after ${ttftOf(a.done).toFixed(0)} ms; ` +
        `saved ${(saved.bytes / 1e6).toFixed(1)} MB in ${saved.ms.toFixed(0)} ms (+${saved.commitMs.toFixed(0)} ms in the background); title in ${titleMs.toFixed(0)} ms`,
    )
    const afterTitle = await send(session, FOLLOW_UP, conversation)
    const titleEvicts = Math.max(
      0,
      a.held - (session.engine.diagnostics()?.lastTurn?.reusedTokens ?? 0),
    )

    /**
     * Another conversation and back, then a restart and back: the two measured follow-ups.
     * `prepared`: as in the app, where opening the conversation and typing the follow-up sends
     * `chat.prepare` (restore the state, evaluate the draft) before the send; otherwise the send
     * comes straight after the switch (the API, or a send faster than the composer's debounce).
     */
    const switchAndRestart = async (label: string, prepared: boolean) => {
      if (session === null) throw new Error('no core')
      const other = await send(session, FOLLOW_UP)
      // The user reads the other reply before going back: its title and idle save are done.
      await titled(session.core, other.done.conversationId, titleFrom(FOLLOW_UP))
      await session.engine.flushState()
      if (prepared) await openAndType(session, conversation, FOLLOW_UP)
      const resumed = await send(session, FOLLOW_UP, conversation)
      log(`  resumed ${label}: first token after ${ttftOf(resumed.done).toFixed(0)} ms`)
      await session.core.dispose()
      session = await open(dataDir, modelPath, options.threads)
      if (prepared) await openAndType(session, conversation, FOLLOW_UP)
      const restarted = await send(session, FOLLOW_UP, conversation)
      const restore = session.engine.diagnostics()?.lastRestore
      log(
        `  after a restart ${label}: first token after ${ttftOf(restarted.done).toFixed(0)} ms` +
          (restore ? ` (restored ${restore.tokens} tokens in ${restore.ms.toFixed(0)} ms)` : ''),
      )
      return { resumed, restarted, restore, core: session.core }
    }
    const cached = await switchAndRestart('with the cache', true)
    const { resumed, restarted, restore } = cached
    const unprepared = await switchAndRestart('with the cache, sent at once', false)
    // Without it: the same steps with the limit at 0 (the cache then keeps nothing).
    const off = await unprepared.core.dispatch('settings.update', { stateCacheMaxBytes: 0 })
    if (!off.ok) throw new Error(off.error.message)
    const uncached = await switchAndRestart('without the cache', true)
    const baseline = uncached.resumed
    const restartBaseline = uncached.restarted

    // The title as before issue 15: a prompt of its own on the conversation's sequence.
    const separateStarted = performance.now()
    const current: Session = session
    await current.engine.generate({
      history: [
        {
          role: 'user',
          text: `${SEPARATE_TITLE_PROMPT}\n\nUser: ${long.slice(0, 2000)}\n\nAssistant: ${a.done.text}`,
        },
      ],
      systemPrompt: '',
      sampling: { temperature: 0.6, topK: 50, topP: 0.9, repeatPenalty: false, maxTokens: 24 },
      signal: new AbortController().signal,
      onTextChunk: () => undefined,
    })
    const separateMs = performance.now() - separateStarted
    const separate = await send(current, FOLLOW_UP, conversation)
    const separateEvicts = Math.max(
      0,
      restartBaseline.held - (current.engine.diagnostics()?.lastTurn?.reusedTokens ?? 0),
    )
    log(
      `  title as a continuation: ${titleEvicts} conversation tokens evaluated again (follow-up ${ttftOf(afterTitle.done).toFixed(0)} ms); ` +
        `as a separate prompt: ${separateEvicts} (follow-up ${ttftOf(separate.done).toFixed(0)} ms)`,
    )
    return {
      'engine.resume_ttft_ratio': ttftOf(resumed.done) / ttftOf(baseline.done),
      'engine.restart_ttft_ratio': ttftOf(restarted.done) / ttftOf(restartBaseline.done),
      'engine.resume_unprepared_ttft_ratio':
        ttftOf(unprepared.resumed.done) / ttftOf(baseline.done),
      'engine.restart_unprepared_ttft_ratio':
        ttftOf(unprepared.restarted.done) / ttftOf(restartBaseline.done),
      'engine.resume_ttft_ms': ttftOf(resumed.done),
      'engine.resume_baseline_ttft_ms': ttftOf(baseline.done),
      'engine.restart_ttft_ms': ttftOf(restarted.done),
      'engine.restart_baseline_ttft_ms': ttftOf(restartBaseline.done),
      'engine.conversation_tokens': a.held,
      'engine.title_evicts': titleEvicts,
      'engine.title_evicts_separate_prompt': separateEvicts,
      'engine.title_ms': titleMs,
      'engine.title_separate_prompt_ms': separateMs,
      'engine.cache_write_ms': saved.ms,
      'engine.cache_commit_ms': saved.commitMs,
      'engine.cache_restore_ms': restore?.ms ?? Number.NaN,
      'engine.state_mb_per_1k_tokens': saved.bytes / 1e6 / (saved.tokens / 1000),
    }
  } finally {
    await session?.core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}
