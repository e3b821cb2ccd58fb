import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExportFile, ExportedConversation } from '../src/shared/contract/schemas/conversations'
import type { HistoryStore } from '../src/main/core/store/history-store'
import { openHistoryStore } from '../src/main/core/store/open-store'
import { ReplyPersister } from '../src/main/core/store/reply-persister'

/** The shape of the generated history: 100,000 messages in 1,000 conversations by default. */
export interface HistoryBenchOptions {
  conversations?: number
  messages?: number
  /** Timed runs per figure (after a warm-up). */
  iterations?: number
}

/** Goals from issue 5; the runner prints them beside the figures. */
export const HISTORY_BENCH_GOALS = {
  'history.list_p95_ms': 5,
  'history.open_p95_ms': 10,
  'history.search_p95_ms': 20,
} as const

/** A small deterministic PRNG (mulberry32) so every run builds the same history. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'zen', 'pra', 'dol', 'fi', 'gor', 'sha']

/** A vocabulary with a Zipf-like use: a few words are everywhere, most are rare (like prose). */
function vocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>()
  while (words.size < size) {
    const length = 2 + Math.floor(rand() * 3)
    let word = ''
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? ''
    words.add(word)
  }
  return [...words]
}

function sentence(rand: () => number, words: string[], count: number): string {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    // rand()^3 skews towards the start of the list: low indexes are the common words.
    out.push(words[Math.floor(rand() ** 3 * words.length)] ?? 'word')
  }
  return out.join(' ')
}

/**
 * Builds the benchmark history as one export: 10% of the conversations are long (so opening one
 * really reads 200 of its messages), the rest short; user and assistant turns alternate with
 * parent links, and replies carry stats.
 */
export function generateHistory(options: { conversations: number; messages: number }): ExportFile {
  const rand = random(42)
  const words = vocabulary(rand, 3000)
  const longCount = Math.max(1, Math.floor(options.conversations / 10))
  const longSize = Math.floor((options.messages * 0.55) / longCount)
  const shortSize = Math.floor(
    (options.messages - longSize * longCount) / Math.max(1, options.conversations - longCount),
  )
  const conversations: ExportedConversation[] = []
  let clock = Date.parse('2024-01-01T00:00:00Z')
  for (let c = 0; c < options.conversations; c++) {
    const size = c % 10 === 0 ? longSize : shortSize
    const id = `bench-c${c}`
    const messages: ExportedConversation['messages'] = []
    let parentId: string | null = null
    for (let m = 0; m < size; m++) {
      const role = m % 2 === 0 ? 'user' : 'assistant'
      const messageId = `${id}-m${m}`
      messages.push({
        id: messageId,
        role,
        text: sentence(rand, words, role === 'user' ? 12 : 60),
        parentId,
        createdAt: clock++,
        finishReason: role === 'user' ? null : 'done',
        stats: role === 'user' ? null : { ttftMs: 120, tokensPerSecond: 30, tokenCount: 80 },
      })
      parentId = messageId
    }
    conversations.push({
      id,
      title: sentence(rand, words, 4),
      pinned: c % 97 === 0,
      createdAt: clock,
      updatedAt: clock++,
      systemPrompt: null,
      sampling: c % 3 === 0 ? { preset: 'llama3' } : null,
      model: 'bench.gguf',
      messages,
    })
  }
  return { format: 'hearth-conversations', version: 1, exportedAt: clock, conversations }
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

function time(iterations: number, run: (i: number) => void): number[] {
  for (let i = 0; i < Math.min(20, iterations); i++) run(i) // warm-up: statement cache, page cache
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    run(i)
    samples.push(performance.now() - start)
  }
  return samples
}

/** Queries a user might type: common and rare words, two words, a prefix while typing, a miss. */
function searchMix(file: ExportFile): string[] {
  const words = (file.conversations[5]?.messages[1]?.text ?? 'ka lo').split(' ')
  const title = file.conversations[123]?.title.split(' ')[0] ?? 'ka'
  return [
    words[0] ?? 'ka',
    words.at(-1) ?? 'lo',
    `${words[2] ?? 'mi'} ${words[3] ?? 'ren'}`,
    (words[4] ?? 'tas').slice(0, 3),
    title,
    'zzzznothing',
    `"${words[5] ?? 'vu'}" OR (`,
  ]
}

/**
 * Issue 5's history figures on a generated store (a real file in a temp folder): p95 of listing
 * the sidebar, opening a conversation's newest 200 messages, and a mix of searches; plus the cost
 * of one ReplyPersister.push and the time to write the whole history in one transaction.
 */
export async function runHistoryBench(
  options: HistoryBenchOptions = {},
): Promise<Record<string, number>> {
  const shape = {
    conversations: options.conversations ?? 1000,
    messages: options.messages ?? 100_000,
  }
  const iterations = options.iterations ?? 500
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-history-bench-'))
  let store: HistoryStore | null = null
  try {
    const opened = await openHistoryStore({ dataDir })
    if (!opened.ok) throw new Error(opened.error.message)
    store = opened.value
    const file = generateHistory(shape)
    const writeStart = performance.now()
    const imported = store.importParsed(file)
    const writeMs = performance.now() - writeStart
    if (!imported.ok) throw new Error(imported.error.message)
    const open = store
    const ids = file.conversations.map((c) => c.id)
    const queries = searchMix(file)
    const list = time(iterations, () => open.listConversations())
    const opens = time(iterations, (i) => {
      // Every other open is a long conversation, where the page really is 200 messages.
      const id = i % 2 === 0 ? ids[(i * 10) % ids.length] : ids[(i * 7 + 1) % ids.length]
      const result = open.getConversation(id ?? '')
      if (!result.ok) throw new Error(result.error.message)
    })
    const searches = time(iterations, (i) => open.search(queries[i % queries.length] ?? ''))
    const persist = persisterCost(open, ids[0] ?? '')
    const replyWrites = replyWriteCost(open, ids[1] ?? '', 100)
    return {
      'history.list_p95_ms': p95(list),
      'history.open_p95_ms': p95(opens),
      'history.search_p95_ms': p95(searches),
      'history.persist_push_us': persist,
      'history.persist_write_ms_per_reply': replyWrites,
      'history.bulk_write_ms': writeMs,
      'history.messages': imported.value.messages,
    }
  } finally {
    await store?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Main-thread milliseconds that saving one streamed reply costs in the 100,000-message store: the
 * writes a 256-token reply at ~85 tokens/s gets (the first chunk, one every 250 ms, the final one),
 * with the text growing as it would. This is what persistence can take from token delivery.
 */
function replyWriteCost(store: HistoryStore, conversationId: string, replies: number): number {
  const chunk = ' Hello from Hearth.'.repeat(7)
  let total = 0
  for (let reply = 0; reply < replies; reply++) {
    const user = store.addUserMessage({ conversationId, text: 'Write a long story.' })
    if (!user.ok) throw new Error(user.error.message)
    let text = 'Hello from Hearth.'
    let started = performance.now()
    const begun = store.beginReply({ conversationId, parentId: user.value.id, text })
    total += performance.now() - started
    if (!begun.ok) throw new Error(begun.error.message)
    for (let write = 0; write < 12; write++) {
      text += chunk
      started = performance.now()
      store.appendReply(begun.value.id, { text })
      total += performance.now() - started
    }
    started = performance.now()
    store.finishReply(begun.value.id, { finishReason: 'done', text })
    total += performance.now() - started
  }
  return total / replies
}

/** Mean microseconds of one `push` (the first push, which writes the row, included). */
function persisterCost(store: HistoryStore, conversationId: string): number {
  const persister = new ReplyPersister(store, { conversationId, parentId: null })
  const pushes = 20_000
  const start = performance.now()
  for (let i = 0; i < pushes; i++) persister.push(' token')
  const micros = ((performance.now() - start) * 1000) / pushes
  persister.finish('done')
  return micros
}
