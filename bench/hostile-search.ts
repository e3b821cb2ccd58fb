import { startTestHeadless } from '../test-support/test-headless'
import { WsTestClient, type Answer } from '../test-support/ws-test-client'

const MIB = 1024 * 1024

/** A deterministic 100,000-character "word" (pasted base64, minified code) that starts with `x`. */
function longWord(seed: number, length = 100_000): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let state = seed + 1
  let word = 'x'
  while (word.length < length) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    word += alphabet.charAt(state % alphabet.length)
  }
  return word
}

/**
 * Issue 10's hostile search, end to end over the real WebSocket: a history of 50 messages each
 * holding one 100,000-character word, searched for `x` (a prefix of every one of them): the first
 * (cold) search, the median of 5 more, then 40 at once through the core and 40 at once over the
 * WebSocket. Figures: the time and size of one answer, and the process's memory (peak and
 * growth) during the 40. Run alone (`npm run bench -- --only search`) so the peak is this run's.
 */
export async function runHostileSearchBench(
  options: { messages?: number; concurrent?: number; log?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const headless = await startTestHeadless()
  const { core, server } = headless
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

    // 40 at once through the core's dispatch, each answer serialised as a transport would: all 40
    // run (over one WebSocket a newer search cancels those still waiting, see below).
    const concurrent = options.concurrent ?? 40
    global.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const burstStart = performance.now()
    const results = await Promise.all(
      Array.from({ length: concurrent }, async () => {
        const result = await core.dispatch('conversations.search', { query: 'x', limit: 50 })
        peak = Math.max(peak, process.memoryUsage().rss)
        return { ok: result.ok, bytes: JSON.stringify(result).length }
      }),
    )
    const burstMs = performance.now() - burstStart
    peak = Math.max(peak, process.memoryUsage().rss)

    // The same burst over one WebSocket: the newest runs, those still waiting are CANCELLED.
    const answers = await Promise.all(
      Array.from({ length: concurrent }, () =>
        client.invoke('conversations.search', { query: 'x', limit: 50 }),
      ),
    )
    peak = Math.max(peak, process.memoryUsage().rss)
    client.close()
    const code = (answer: Answer) => answer.result.error?.code ?? 'ok'
    return {
      'search.hostile_first_ms': firstMs,
      'search.hostile_one_ms': oneMs,
      'search.hostile_one_reply_kib': one.bytes / 1024,
      'search.hostile_40_ms': burstMs,
      'search.hostile_40_failed': results.filter((result) => !result.ok).length,
      'search.hostile_40_reply_kib': Math.max(...results.map((result) => result.bytes)) / 1024,
      'search.hostile_40_ws_cancelled': answers.filter((a) => code(a) === 'CANCELLED').length,
      'search.hostile_40_ws_failed': answers.filter((a) => !['ok', 'CANCELLED'].includes(code(a)))
        .length,
      'search.hostile_40_rss_growth_mib': (peak - before) / MIB,
      'search.hostile_40_max_rss_mib': (process.resourceUsage().maxRSS * 1024) / MIB,
    }
  } finally {
    await headless.close()
  }
}
