import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { API_BENCH_GOALS, runApiStreamBench } from './api-stream'
import { REMOTE_BENCH_GOALS, runRemoteStreamBench } from './remote-stream'
import { benchDownloadThroughput } from './download-throughput'
import { runEngineDecodeBench } from './engine-decode'
import { LOOKUP_BENCH_GOALS, runEngineLookupBench } from './engine-lookup'
import { RESUME_BENCH_GOALS, runEngineResumeBench } from './engine-resume'
import { HEAVY_BENCH_GOALS, runHeavyRenderBench } from './heavy-render'
import { HISTORY_BENCH_GOALS, runHistoryBench } from './history-bench'
import { runHostileSearchBench } from './hostile-search'
import { runPersistRatioBench } from './persist-ratio'
import { runUiBench, UI_BENCH_GOALS } from './ui-bench'
import { QUICK_BENCH_GOALS, runQuickOpenBench } from './quick-open'
import type { Figures, Goal } from './stats'

/** Each figure's goal, shown beside it in the table (from the issues that asked for it). */
const GOALS: Record<string, Goal> = {
  'engine.decode_ratio': { min: 0.98 },
  ...RESUME_BENCH_GOALS,
  ...LOOKUP_BENCH_GOALS,
  ...Object.fromEntries(Object.entries(HISTORY_BENCH_GOALS).map(([name, max]) => [name, { max }])),
  'history.persist_ratio': { min: 0.99 },
  'download.throughput_ratio': { min: 0.97 },
  'download.proxy_ratio': { min: 0.97 },
  ...UI_BENCH_GOALS,
  ...QUICK_BENCH_GOALS,
  ...HEAVY_BENCH_GOALS,
  ...API_BENCH_GOALS,
  ...REMOTE_BENCH_GOALS,
}

const benchModel = process.env['HEARTH_BENCH_MODEL']

interface Bench {
  name: string
  run: (options: RunnerOptions) => Promise<Figures>
}

interface RunnerOptions {
  threads: number
  log: (line: string) => void
}

const BENCHES: Bench[] = [
  {
    name: 'engine',
    run: (o) =>
      runEngineDecodeBench({
        threads: o.threads,
        tokens: 256,
        rounds: 8,
        log: o.log,
        ...(benchModel ? { modelPath: benchModel } : {}),
      }),
  },
  // A ~2,000-token conversation resumed after a switch and after a restart, with and without the
  // state cache; what a title costs the conversation; the cache's write time and state size.
  {
    name: 'resume',
    run: (o) =>
      runEngineResumeBench({
        threads: o.threads,
        log: o.log,
        ...(benchModel ? { modelPath: benchModel } : {}),
      }),
  },
  // Prompt lookup decoding on the generated quote model.
  { name: 'lookup', run: (o) => runEngineLookupBench({ threads: o.threads, log: o.log }) },
  // The store alone on a generated 100,000-message history: list, open, search.
  { name: 'history', run: () => runHistoryBench() },
  // Issue 10: 50 messages each holding a 100,000-character word, searched once and 40 at once.
  { name: 'search', run: (o) => runHostileSearchBench({ log: o.log }) },
  {
    name: 'persist',
    run: (o) =>
      runPersistRatioBench({
        threads: o.threads,
        log: o.log,
        ...(benchModel ? { modelPath: benchModel } : {}),
      }),
  },
  // The official openai client streaming from Hearth's API server, timed against the engine itself.
  {
    name: 'api',
    run: (o) =>
      runApiStreamBench({
        threads: o.threads,
        tokens: 256,
        rounds: 8,
        log: o.log,
        ...(benchModel ? { modelPath: benchModel } : {}),
      }),
  },
  // Hearth's remote engine against llama.cpp's server, timed against a raw SSE read of it.
  {
    name: 'remote',
    run: (o) =>
      runRemoteStreamBench({
        threads: o.threads,
        tokens: 256,
        rounds: 8,
        log: o.log,
        ...(benchModel ? { modelPath: benchModel } : {}),
      }),
  },
  // The fake Hugging Face CLI is found from the working directory: npm runs from the repo root.
  { name: 'download', run: (o) => benchDownloadThroughput({ log: o.log }) },
  // The renderer in Chromium: a 1,000-message conversation opened, 2,000 tokens streamed into it.
  { name: 'ui', run: (o) => runUiBench({ log: o.log }) },
  // The quick prompt's route in Chromium: navigation start to a focused composer.
  { name: 'quick', run: (o) => runQuickOpenBench({ log: o.log }) },
  // Issue 11 item 8: the four heavy replies (a 10,000-deep quote, 50,000 asterisks, a 1 MB line, a
  // 2,000-column table) opened in Chromium, click to painted frame.
  { name: 'heavy', run: (o) => runHeavyRenderBench({ log: o.log }) },
]

/**
 * `npm run bench [-- --json FILE] [--only NAME,...] [--threads N]`: runs every benchmark (engine,
 * resume, lookup, history, search, persist, api, remote, download, quick, heavy, ui), each
 * comparing Hearth against a baseline measured in the same run, prints a table and optionally
 * writes the same figures as one flat JSON object.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      only: { type: 'string' },
      threads: { type: 'string', default: '1' },
    },
  })
  const only = values.only?.split(',')
  const threads = Number(values.threads)
  const log = (line: string) => console.error(line)
  const figures: Figures = {}
  for (const bench of BENCHES) {
    if (only !== undefined && !only.includes(bench.name)) continue
    Object.assign(figures, await bench.run({ threads, log }))
  }
  console.log(formatTable(figures))
  if (values.json !== undefined) {
    await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`)
    console.log(`figures written to ${values.json}`)
  }
}

export function formatTable(figures: Figures): string {
  const rows = Object.entries(figures).map(([name, value]) => {
    const goal = GOALS[name]
    return [name, format(value), goal === undefined ? '' : describeGoal(goal), meets(goal, value)]
  })
  const header = ['figure', 'value', 'goal', 'met']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  )
}

function describeGoal(goal: Goal): string {
  if (goal.min !== undefined) return `>= ${goal.min}`
  if (goal.atMost !== undefined) return `<= ${goal.atMost}`
  return `< ${goal.max}`
}

function meets(goal: Goal | undefined, value: number): string {
  if (goal === undefined) return ''
  const met =
    goal.min !== undefined
      ? value >= goal.min
      : goal.atMost !== undefined
        ? value <= goal.atMost
        : value < (goal.max ?? Infinity)
  return met ? 'yes' : 'NO'
}

function format(value: number): string {
  return Math.abs(value) >= 100
    ? value.toFixed(0)
    : Math.abs(value) >= 1
      ? value.toFixed(2)
      : value.toFixed(3)
}

void main().catch((cause: unknown) => {
  console.error(cause)
  process.exit(1)
})
