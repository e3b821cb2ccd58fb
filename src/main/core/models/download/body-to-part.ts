import type { PartFile } from './part-file'

/**
 * Bytes gathered while a write is in flight go in one write (up to this much at once): few, large
 * writes on a fast line, and prompt progress on a slow one, where the writer is mostly idle.
 */
const BATCH_BYTES = 1024 * 1024

export interface BodyOptions {
  /** A body that sends nothing for this long is dropped (and retried). */
  stallTimeoutMs: number
  /** Aborts the request: the caller's (pause, cancel) or the stall timer's. */
  stall: AbortController
  onBytes: (pos: number) => void
}

/**
 * Stream a body into the part, one write in flight while the next batch gathers. Resolves with
 * why the body stopped early (a dropped connection, a stall, an abort), or null once it ended;
 * the bytes received before a drop are still written. A disk error rejects.
 */
export async function streamBodyIntoPart(
  body: ReadableStream<Uint8Array>,
  part: PartFile,
  opts: BodyOptions,
): Promise<unknown> {
  const reader = body.getReader()
  let lastData = Date.now()
  const timer = setInterval(
    () => {
      if (Date.now() - lastData > opts.stallTimeoutMs) opts.stall.abort(new Error('stalled'))
    },
    Math.min(1000, opts.stallTimeoutMs),
  )
  let batch: Uint8Array[] = []
  let batchBytes = 0
  let diskError: unknown = null
  let writing: Promise<void> = Promise.resolve()
  let idle = true
  const write = async (): Promise<void> => {
    const chunks = batch
    batch = []
    batchBytes = 0
    await writing
    idle = false
    writing = part.append(chunks).then(() => {
      idle = true
      opts.onBytes(part.pos)
    })
    // Seen here at once (to stop reading) and again where `writing` is awaited.
    writing.catch((e: unknown) => {
      diskError = e
      void reader.cancel().catch(() => undefined)
    })
  }
  let netError: unknown = null
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || diskError) break
      lastData = Date.now()
      batch.push(value)
      batchBytes += value.length
      if (idle || batchBytes >= BATCH_BYTES) await write()
    }
  } catch (e) {
    netError = e
  } finally {
    clearInterval(timer)
  }
  await writing
  if (diskError) throw diskError
  if (batchBytes > 0) {
    await write()
    await writing
  }
  return netError
}
