/**
 * Crash reliability: each run starts the BUILT headless Hearth (out/main/headless.js) on one data
 * folder shared by every run, sends a message to a model that never stops, SIGKILLs the process
 * at a random moment of the reply, starts it again on the same folder and checks that
 * (a) every conversation created so far is still listed, and
 * (b) the killed reply is there, marked `interrupted`, and its text is what streamed (a prefix).
 * The loss is the time between the arrival of the last delta the saved reply holds in full and
 * the kill (0 when all streamed text was saved).
 *
 * Node builtins, `ws` and relative `.ts` imports only: Node 24 runs this file directly.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureTestModel } from '../test-model-cache.ts'
import { builtHeadlessEntry, Client, startHeadless, waitReady } from './headless-client.ts'

export { MISSING_BUILD } from './headless-client.ts'

export interface CrashReliabilityOptions {
  runs: number
  /** The built headless entry (default: <repo>/out/main/headless.js). */
  headlessEntry?: string
  /** The model (default: the generated endless model, medium preset). */
  modelPath?: string
  /** Kill between this many ms after the first delta (default 200-2000). */
  killAfterMs?: { min: number; max: number }
  log?: (line: string) => void
}

export interface CrashReliabilityReport {
  runs: number
  /** Conversations created by earlier runs and missing after a restart (must be 0). */
  conversations_lost: number
  /** Killed replies found after the restart, marked `interrupted`, with streamed text. */
  interrupted_ok: number
  /** Killed replies whose saved text is not what streamed (must be 0). */
  text_mismatch: number
  /** Saved replies that hold text the batcher had not yet sent as a delta (allowed). */
  saved_ahead_of_stream: number
  max_text_lost_ms: number
  mean_text_lost_ms: number
  /** Where the kill landed, for context. */
  mean_kill_after_first_delta_ms: number
  mean_deltas_per_run: number
}

interface Delta {
  text: string
  at: number
}

interface SavedMessage {
  id: string
  text: string
  finishReason: string | null
}

/**
 * The loss of one kill: from the last delta the saved text holds in full to the kill. Deltas that
 * arrived after the kill (already in the socket) count as streamed but add no loss time.
 */
export function textLostMs(deltas: readonly Delta[], saved: string, killedAt: number): number {
  let streamed = ''
  let lastHeld: Delta | null = null
  for (const delta of deltas) {
    streamed += delta.text
    if (streamed.length > saved.length) {
      // Not all of it is saved: the loss runs from the last fully saved delta (or the first one).
      const from = lastHeld ?? delta
      return Math.max(0, killedAt - from.at)
    }
    lastHeld = delta
  }
  return 0
}

interface RunResult {
  lostConversations: string[]
  interruptedOk: boolean
  mismatch: boolean
  ahead: boolean
  lostMs: number
  killAfterMs: number
  deltas: number
}

async function oneRun(
  entry: string,
  dataDir: string,
  modelPath: string,
  known: Set<string>,
  killAfter: { min: number; max: number },
  log: (line: string) => void,
): Promise<RunResult> {
  const first = await startHeadless(entry, dataDir, modelPath)
  const deltas: Delta[] = []
  let killedAt = 0
  let killAfterMs = 0
  let sent: { conversationId: string; assistantMessageId: string; generationId: string }
  try {
    const client = await Client.connect(first)
    await waitReady(client)
    let generationId = ''
    let killTimer: ReturnType<typeof setTimeout> | null = null
    killAfterMs = killAfter.min + Math.random() * (killAfter.max - killAfter.min)
    client.onEvent((channel, payload) => {
      if (channel !== 'chat.delta') return
      const delta = payload as { generationId: string; text: string }
      if (generationId !== '' && delta.generationId !== generationId) return
      deltas.push({ text: delta.text, at: performance.now() })
      killTimer ??= setTimeout(() => {
        killedAt = performance.now()
        first.child.kill('SIGKILL')
      }, killAfterMs)
    })
    sent = await client.invoke('chat.send', { text: `Crash run at ${new Date().toISOString()}` })
    generationId = sent.generationId
    known.add(sent.conversationId)
    await first.exited
    await client.closed()
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null)
      first.child.kill('SIGKILL')
  }
  if (killedAt === 0) throw new Error('headless exited before the kill')

  const second = await startHeadless(entry, dataDir, modelPath)
  try {
    const client = await Client.connect(second)
    const listed = await client.invoke<{ conversations: { id: string }[] }>('conversations.list', {
      limit: 100_000,
    })
    const ids = new Set(listed.conversations.map((c) => c.id))
    const lostConversations = [...known].filter((id) => !ids.has(id))
    const opened = await client.invoke<{ messages: SavedMessage[] }>('conversations.get', {
      id: sent.conversationId,
    })
    client.close()
    const reply = opened.messages.find((m) => m.id === sent.assistantMessageId)
    const streamed = deltas.map((d) => d.text).join('')
    const saved = reply?.text ?? ''
    // The persister saves the engine's chunks; the delta batcher may not have sent the newest ones
    // yet, so a saved reply may be ahead of the stream, by text that continues it.
    const prefix = streamed.startsWith(saved)
    const ahead = !prefix && saved.startsWith(streamed)
    const interruptedOk = reply?.finishReason === 'interrupted' && (prefix || ahead)
    const lostMs = textLostMs(
      deltas.filter((d) => d.at <= killedAt),
      saved,
      killedAt,
    )
    log(
      `killed ${killAfterMs.toFixed(0)} ms after the first delta; ${deltas.length} deltas, ` +
        `${streamed.length} chars streamed, ${saved.length} saved (${reply?.finishReason ?? 'missing'}), ` +
        `lost ${lostMs.toFixed(0)} ms; ${ids.size} conversations listed, ${lostConversations.length} lost`,
    )
    return {
      lostConversations,
      interruptedOk,
      mismatch: !(prefix || ahead),
      ahead,
      lostMs,
      killAfterMs,
      deltas: deltas.length,
    }
  } finally {
    second.child.kill('SIGKILL')
    await second.exited
  }
}

/** Runs the crash reliability check `runs` times on one data folder (removed at the end). */
export async function runCrashReliability(
  options: CrashReliabilityOptions,
): Promise<CrashReliabilityReport> {
  const entry = builtHeadlessEntry(options.headlessEntry)
  const log = options.log ?? (() => undefined)
  const modelPath =
    options.modelPath ?? (await ensureTestModel({ variant: 'endless', preset: 'medium' }))
  const killAfter = options.killAfterMs ?? { min: 200, max: 2000 }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hearth-crash-'))
  const known = new Set<string>()
  const results: RunResult[] = []
  try {
    for (let i = 0; i < options.runs; i++) {
      results.push(
        await oneRun(entry, dataDir, modelPath, known, killAfter, (line) =>
          log(`${i + 1}/${options.runs} ${line}`),
        ),
      )
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length
  const round = (value: number) => Math.round(value * 10) / 10
  return {
    runs: results.length,
    conversations_lost: new Set(results.flatMap((r) => r.lostConversations)).size,
    interrupted_ok: results.filter((r) => r.interruptedOk).length,
    text_mismatch: results.filter((r) => r.mismatch).length,
    saved_ahead_of_stream: results.filter((r) => r.ahead).length,
    max_text_lost_ms: round(Math.max(0, ...results.map((r) => r.lostMs))),
    mean_text_lost_ms: round(mean(results.map((r) => r.lostMs))),
    mean_kill_after_first_delta_ms: round(mean(results.map((r) => r.killAfterMs))),
    mean_deltas_per_run: round(mean(results.map((r) => r.deltas))),
  }
}
