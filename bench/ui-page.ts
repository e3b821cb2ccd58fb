// Functions the UI benchmark runs inside the page (Playwright serialises them), apart from the
// Node side so each stays small. Each measures with the page's own clock.

/** What the page recorded while a reply streamed. */
export interface StreamRecord {
  longTasks: number
  longestTaskMs: number
  /** Each long task as "start+duration" in ms from the start of the recording, for the log. */
  tasks: string[]
  /** Times between animation frames, in ms. */
  frameGaps: number[]
}

// The page's own globals, declared for this module only: the Node program that builds the bench
// has no DOM library (adding it would retype fetch and Response for the whole core).
interface PageElement {
  textContent: string | null
  click(): void
}
declare const document: {
  body: unknown
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): ArrayLike<PageElement>
}
declare const window: { __hearthBench?: { stop(): StreamRecord } }
declare function requestAnimationFrame(callback: (now: number) => void): number
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void)
  observe(options: { entryTypes: string[] }): void
  disconnect(): void
}
declare class MutationObserver {
  constructor(callback: () => void)
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void
  disconnect(): void
}

/** Starts counting long tasks (over 50 ms, PerformanceObserver) and timing animation frames. */
export function startRecording(): void {
  const record: StreamRecord = { longTasks: 0, longestTaskMs: 0, tasks: [], frameGaps: [] }
  const origin = performance.now()
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      record.longTasks += 1
      record.longestTaskMs = Math.max(record.longestTaskMs, entry.duration)
      record.tasks.push(`${(entry.startTime - origin).toFixed(0)}+${entry.duration.toFixed(0)}`)
    }
  })
  observer.observe({ entryTypes: ['longtask'] })
  let running = true
  let last = performance.now()
  const frame = (now: number) => {
    record.frameGaps.push(now - last)
    last = now
    if (running) requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
  window.__hearthBench = {
    stop() {
      running = false
      observer.disconnect()
      return record
    },
  }
}

/** Stops what `startRecording` started and answers what it recorded. */
export function stopRecording(): StreamRecord {
  const bench = window.__hearthBench
  if (bench === undefined) throw new Error('startRecording was not called')
  return bench.stop()
}

/**
 * Clicks the conversation titled `title` in the sidebar and answers the ms until the frame that
 * shows its message `newestId` has been painted: the message appears (a mutation observer), then
 * the frame after it (requestAnimationFrame, then a task, which runs once that frame is painted).
 */
export async function timeOpen(args: { title: string; newestId: string }): Promise<number> {
  const titles = Array.from(document.querySelectorAll('[data-testid="conversation-title"]'))
  const button = titles.find((el) => el.textContent === args.title)
  if (!button) throw new Error(`no conversation titled ${args.title}`)
  const selector = `[data-message-id="${args.newestId}"]`
  const start = performance.now()
  const shown = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)) {
        observer.disconnect()
        resolve()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true })
  })
  button.click()
  await shown
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
  return performance.now() - start
}
