import { expect, it } from 'vitest'
import { findLlamaServer } from '../scripts/llama-server.ts'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import { runRemoteStreamBench } from './remote-stream'

const server = findLlamaServer()
if ('missing' in server) console.log(`Skipping the remote bench test: ${server.missing}`)

// That the benchmark reads the same server both ways and reports its figure; the goal is the
// bench's, never checked here.
it.skipIf('missing' in server)(
  'streams from llama-server through the remote engine and raw, and reports the ratio',
  async () => {
    const log: string[] = []
    const figures = await runRemoteStreamBench({
      modelPath: await ensureTestModel({ variant: 'endless', preset: 'tiny' }),
      threads: 1,
      tokens: 32,
      rounds: 1,
      log: (line) => log.push(line),
    })
    expect(Object.keys(figures).sort()).toEqual(['remote.stream_ratio', 'remote.tokens_per_s'])
    expect(figures['remote.stream_ratio']).toBeGreaterThan(0)
    expect(log.some((line) => line.startsWith('  round 1: hearth'))).toBe(true)
  },
  120_000,
)
