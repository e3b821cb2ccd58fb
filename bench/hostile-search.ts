import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../src/main/core/create-core'
import { startHeadlessServer } from '../src/main/headless/server'
import { WsTestClient } from '../src/main/headless/ws-test-client'

const MIB = 1024 * 1024
const silent = { info: () => undefined, error: () => undefined }

/** A deterministic 100,000-character "word" (pasted base64, minified code) that starts with `x`. */
export function longWord(seed: number, length = 100_000): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let state = seed + 1
  let word = 'x'
  while (word.length < length) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    word += alphabet[state % alphabet.length]
  }
  return word
}

/**
 * Issue 10's hostile search, end to end over the real WebSocket: a history of 50 messages each
 * holding one 100,000-character word, searched for `x` (a prefix of every one of them): the first
 * (cold) search, the median of 5 more, then 40 at once. Figures: the time and size of one answer, and the process's memory (peak and
 * growth) during the 40. Run alone (`npm run bench -- --only search`) so the peak is this run's.
 */
export async function runHostileSearchBench(
  options: { messages?: number; concurrent?: number; log?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-search-bench-'))
  const core = await createCore({ dataDir, threads: 1, autoTitles: false, log: silent })
  const server = await startHeadlessServer({ core, rendererDir: dataDir, port: 0 })
  try {
    const conversation = core.store.createConversation({})
    if (!conversation.ok) throw new Error(conversation.error.message)
    for (let i = 0; i < (options.messages ?? 50); i++) {
      const added = core.store.addUserMessage({
        conversationId: conversation.value.id,
        text: `pasted ${longWord(i)} here`,
      })
      if (!added.ok) throw new Error(added.error.message)
    }
    const client = await WsTestClient.connect(server)
    let start = performance.now()
    const one = await client.invoke('conversations.search', { query: 'x', limit: 50 })
    const firstMs = performance.now() - start
    // Printed before the burst: on a build without the bounds, the burst kills the process.
    options.log?.(
      `search: first answer in ${firstMs.toFixed(1)} ms, ${(one.bytes / 1024).toFixed(0)} KiB`,
    )
    const warm: number[] = []
    for (let i = 0; i < 5; i++) {
      start = performance.now()
      await client.invoke('conversations.search', { query: 'x', limit: 50 })
      warm.push(performance.now() - start)
    }
    const oneMs = warm.sort((a, b) => a - b)[2] ?? 0

    global.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    client.onAnswer = () => (peak = Math.max(peak, process.memoryUsage().rss))
    const burstStart = performance.now()
    const answers = await Promise.all(
      Array.from({ length: options.concurrent ?? 40 }, () =>
        client.invoke('conversations.search', { query: 'x', limit: 50 }),
      ),
    )
    const burstMs = performance.now() - burstStart
    peak = Math.max(peak, process.memoryUsage().rss)
    client.close()
    return {
      'search.hostile_first_ms': firstMs,
      'search.hostile_one_ms': oneMs,
      'search.hostile_one_reply_kib': one.bytes / 1024,
      'search.hostile_40_ms': burstMs,
      'search.hostile_40_failed': answers.filter((answer) => !answer.result.ok).length,
      'search.hostile_40_rss_growth_mib': (peak - before) / MIB,
      'search.hostile_40_max_rss_mib': (process.resourceUsage().maxRSS * 1024) / MIB,
    }
  } finally {
    await server.close()
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}
