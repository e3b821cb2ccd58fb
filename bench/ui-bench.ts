import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, BrowserType } from 'playwright-core'
import { DEFAULT_SETTINGS } from '../src/shared/contract/schemas/settings'
import { SAMPLING_PRESET_VALUES } from '../src/shared/contract/schemas/sampling'
import { createCore } from '../src/main/core/create-core'
import { ScriptedEngine } from '../test-support/scripted-engine'
import { toEngineSampling } from '../src/main/core/engine/sampling'
import { openHistoryStore } from '../src/main/core/store/open-store'
import { startHeadlessServer } from '../src/main/headless/server'
import { exportFileOf, longConversation, longMessageId } from '../test-support/long-conversation'
import { median, percentile, type Figures, type Goal } from './stats'
import { startRecording, stopRecording, timeOpen } from './ui-page'

/** Goals from issue 11, item 9. */
export const UI_BENCH_GOALS: Record<string, Goal> = {
  // Whole tasks: "< 1" is 0.
  'ui.long_tasks': { max: 1 },
  'ui.frame_p95_ms': { atMost: 20 },
  'ui.open_ms': { atMost: 150 },
}

export interface UiBenchOptions {
  /** Messages already in the conversation (default 1,000). */
  messages?: number
  /** Tokens streamed into it (default 2,000; a token is 4 characters of the reply). */
  tokens?: number
  tokensPerSecond?: number
  /** Timed opens of the conversation (default 9; the median is reported). */
  opens?: number
  /** The built renderer (default: out/renderer under the working directory). */
  rendererDir?: string
  log?: (line: string) => void
}

const LONG = 'ui-bench-long'
const SHORT = 'ui-bench-short'
const CHARS_PER_TOKEN = 4

/**
 * A reply as a model writes one, at `tokens` tokens of 4 characters: prose, fenced code in two
 * languages and inline and display math, repeated.
 */
export function streamedReply(tokens: number): string {
  const block = [
    'Here is how the pieces fit together, step by step, with the code and the maths. ',
    '\n\n```ts\nexport function area(r: number): number {\n  return Math.PI * r ** 2\n}\n```\n\n',
    'The area grows with the square of the radius, $A = \\pi r^2$, so doubling it gives ',
    'four times the area:\n\n$$\\frac{A_2}{A_1} = \\left(\\frac{2r}{r}\\right)^2 = 4$$\n\n',
    '```python\ndef area(r):\n    return math.pi * r ** 2\n```\n\n- one point\n- another point\n\n',
  ].join('')
  const length = tokens * CHARS_PER_TOKEN
  return block.repeat(Math.ceil(length / block.length)).slice(0, length)
}

/**
 * The UI in Chromium against headless mode, over a real core whose scripted engine streams a
 * given reply at a given rate: long tasks and the frame p95 while 2,000 tokens stream at 500/s
 * into a conversation of 1,000 messages, and the time to open that conversation until its newest
 * page is painted. Baselines from the same run: frames with nothing streaming, and opening a
 * two-message conversation.
 */
export async function runUiBench(options: UiBenchOptions = {}): Promise<Figures> {
  const log = options.log ?? (() => undefined)
  const messages = options.messages ?? 1000
  const tokens = options.tokens ?? 2000
  const rate = options.tokensPerSecond ?? 500
  const rendererDir = options.rendererDir ?? resolve('out/renderer')
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`No built renderer in ${rendererDir}: run npm run build first.`)

  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-ui-bench-'))
  await seed(dataDir, messages)
  const core = await createCore({
    dataDir,
    engine: new ScriptedEngine({
      reply: () => streamedReply(tokens),
      chunkSize: CHARS_PER_TOKEN,
      tokensPerSecond: rate,
    }),
    modelPathOverride: '/bench/scripted.gguf',
    autoTitles: false,
    sampling: () => ({
      ...toEngineSampling(SAMPLING_PRESET_VALUES[DEFAULT_SETTINGS.samplingPreset]),
      maxTokens: tokens,
    }),
    log: { info: () => undefined, error: (line) => log(line) },
  })
  let browser: Browser | null = null
  const server = await startHeadlessServer({ core, rendererDir, port: 0 })
  try {
    await core.start()
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.url)
    await page.getByTestId('status-model').filter({ hasText: 'Scripted engine' }).waitFor()

    const newest = longMessageId(LONG, messages - 1)
    const opens: number[] = []
    const shortOpens: number[] = []
    for (let i = 0; i < (options.opens ?? 9); i++) {
      shortOpens.push(await page.evaluate(timeOpen, { title: 'Short', newestId: `${SHORT}-m1` }))
      opens.push(await page.evaluate(timeOpen, { title: 'Long', newestId: newest }))
    }
    log(`ui: opens of ${messages} messages (ms): ${opens.map((ms) => ms.toFixed(0)).join(' ')}`)

    await page.evaluate(startRecording)
    await page.waitForTimeout(1500)
    const idle = await page.evaluate(stopRecording)

    await page.evaluate(startRecording)
    const started = Date.now()
    await page.getByTestId('composer-input').fill('Explain the area of a circle, with code.')
    await page.getByTestId('composer-input').press('Enter')
    const reply = page.getByTestId('message-assistant').last()
    await reply.and(page.locator('[data-finish-reason]')).waitFor({
      timeout: (tokens / rate) * 1000 * 5 + 30_000,
    })
    const streamSeconds = (Date.now() - started) / 1000
    const stream = await page.evaluate(stopRecording)
    log(
      `ui: ${tokens} tokens in ${streamSeconds.toFixed(1)} s, ${stream.longTasks} long tasks ` +
        `(at ms+duration: ${stream.tasks.join(' ')}), ${stream.frameGaps.length} frames`,
    )
    return {
      'ui.long_tasks': stream.longTasks,
      'ui.longest_task_ms': stream.longestTaskMs,
      'ui.frame_p95_ms': percentile(stream.frameGaps, 95),
      'ui.frame_p95_idle_ms': percentile(idle.frameGaps, 95),
      'ui.stream_seconds': streamSeconds,
      'ui.open_ms': median(opens),
      'ui.open_short_ms': median(shortOpens),
      'ui.messages': messages,
    }
  } finally {
    await browser?.close()
    await server.close()
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** The long conversation and a short one, through the real store. */
async function seed(dataDir: string, messages: number): Promise<void> {
  const opened = await openHistoryStore({ dataDir })
  if (!opened.ok) throw new Error(opened.error.message)
  const file = exportFileOf([
    longConversation({ id: LONG, title: 'Long', messages }),
    longConversation({ id: SHORT, title: 'Short', messages: 2 }),
  ])
  const imported = opened.value.importParsed(file)
  await opened.value.close()
  if (!imported.ok) throw new Error(imported.error.message)
}

/**
 * Debian's Chromium (or CHROMIUM_PATH) through playwright-core, a devDependency: imported by a
 * name the bundler leaves alone, so out/main/bench.js loads it from node_modules.
 */
async function launchChromium(): Promise<Browser> {
  const name = 'playwright-core'
  const { chromium } = (await import(/* @vite-ignore */ name)) as { chromium: BrowserType }
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
}
