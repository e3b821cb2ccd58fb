import { discard, type HttpAnswer } from './http-fetch'
import type { PartFile } from './part-file'

/**
 * The body is copied into two 1 MiB buffers in turn: one is written (and hashed) while the other
 * fills. Few, large writes on a fast line, prompt ones on a slow line (a buffer goes as soon as
 * the writer is idle), and the network's chunks die young: holding them until their write made
 * the garbage collector the largest CPU cost per byte in the bench.
 */
const BUFFER_BYTES = 1024 * 1024

export interface BodyOptions {
  /** A body that sends nothing for this long is dropped (and retried). */
  stallTimeoutMs: number
  /** Aborts the request: the caller's (pause, cancel) or the stall timer's. */
  stall: AbortController
  onBytes: (pos: number) => void
}

/**
 * Stream a body into the part, one write in flight while the next buffer fills. Resolves with
 * why the body stopped early (a dropped connection, a stall, an abort), or null once it ended;
 * the bytes received before a drop are still written. A disk error rejects.
 */
export async function streamBodyIntoPart(
  answer: HttpAnswer,
  part: PartFile,
  opts: BodyOptions,
): Promise<unknown> {
  const body = answer.body
  if (body === null) return new Error('no body')
  let lastData = Date.now()
  const timer = setInterval(
    () => {
      if (Date.now() - lastData > opts.stallTimeoutMs) opts.stall.abort(new Error('stalled'))
    },
    Math.min(1000, opts.stallTimeoutMs),
  )
  const buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)]
  let filling = buffers[0] as Buffer
  let fill = 0
  // Both are set by the write's callbacks, which TypeScript's narrowing does not see.
  let idle = true as boolean
  let diskError = null as Error | null
  let writing: Promise<void> = Promise.resolve()
  /** Write what `filling` holds; the other buffer's write has ended before it fills again. */
  const write = async (): Promise<void> => {
    const full = filling.subarray(0, fill)
    await writing
    filling = filling === buffers[0] ? (buffers[1] as Buffer) : (buffers[0] as Buffer)
    fill = 0
    idle = false
    writing = part.append([full]).then(() => {
      idle = true
      opts.onBytes(part.pos)
    })
    // Seen here at once (to stop reading) and again where `writing` is awaited.
    writing.catch((e: unknown) => {
      diskError =
        e instanceof Error ? e : new Error(`The download could not be written: ${String(e)}`)
      discard(answer)
    })
  }
  let netError: unknown = null
  try {
    for await (const chunk of body) {
      if (diskError) break
      lastData = Date.now()
      for (let at = 0; at < chunk.length;) {
        const n = Math.min(chunk.length - at, BUFFER_BYTES - fill)
        filling.set(chunk.subarray(at, at + n), fill)
        fill += n
        at += n
        if (fill === BUFFER_BYTES) await write()
      }
      if (idle && fill > 0) await write()
    }
  } catch (e) {
    netError = e
  } finally {
    clearInterval(timer)
  }
  await writing
  if (diskError) throw diskError
  if (fill > 0) {
    await write()
    await writing
  }
  return netError
}
