import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { createCore } from '../src/main/core/create-core'
import { ScriptedEngine } from '../test-support/scripted-engine'
import { startHeadlessServer } from '../src/main/headless/server'
import { median } from './stats'
import type { Figures } from './stats'

/** The quick prompt's goal from issue 16: route load to a focused composer. */
export const QUICK_BENCH_GOALS = { 'quick.open_ms': { max: 150 } }

/** The performance mark the quick prompt sets once its composer has focus (QuickPrompt.tsx). */
const FOCUSED_MARK = 'hearth.quick.focused'

export interface QuickBenchOptions {
  /** Page loads measured (after one warm-up load). */
  loads?: number
  /** The built renderer; by default `out/renderer` under the working directory (the repo root). */
  rendererDir?: string
  log?: (line: string) => void
}

/**
 * `quick.open_ms`: headless Hearth serves `#/quick` and Debian's Chromium loads it; the figure is the
 * median time from the start of the navigation to the moment the composer has focus (the page's own
 * performance mark, so Playwright's round trips are not counted). The core answers with the scripted
 * engine: no model is needed to show a composer. Where the Electron binary exists, the shortcut's
 * own time to a focused window is measured by the Electron spec instead.
 */
export async function runQuickOpenBench(options: QuickBenchOptions = {}): Promise<Figures> {
  const rendererDir = options.rendererDir ?? resolve('out/renderer')
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`quick bench: no built renderer in ${rendererDir}; run npm run build first`)
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-quick-bench-'))
  const core = await createCore({ dataDir, engine: new ScriptedEngine(), autoTitles: false })
  const server = await startHeadlessServer({ core, rendererDir, port: 0 })
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  try {
    const page = await browser.newPage()
    const url = server.url.replace('#token=', '#/quick&token=')
    const samples: number[] = []
    const loads = options.loads ?? 15
    for (let i = 0; i <= loads; i++) {
      // A fresh navigation each time (goto to the same URL with a new fragment would not reload).
      await page.goto('about:blank')
      await page.goto(url)
      const opened = await page.waitForFunction((mark: string) => {
        // This file is compiled without the DOM's types: the page's document, as far as used here.
        const { document } = globalThis as unknown as {
          document: { activeElement: { getAttribute(name: string): string | null } | null }
        }
        const entry = performance.getEntriesByName(mark)[0]
        const focused = document.activeElement?.getAttribute('data-testid') === 'quick-input'
        return entry !== undefined && focused ? entry.startTime : null
      }, FOCUSED_MARK)
      const ms = (await opened.jsonValue()) as number
      if (i > 0) samples.push(ms) // the first load warms Chromium's caches and is not counted
    }
    options.log?.(
      `quick: ${samples.length} loads of #/quick, median ${median(samples).toFixed(1)} ms`,
    )
    return { 'quick.open_ms': median(samples) }
  } finally {
    await browser.close()
    await server.close()
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}
