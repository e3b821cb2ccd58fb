import { setTimeout as sleep } from 'node:timers/promises'
import { err, ok, type Result } from '../src/shared/contract/result'
import type { AppStatus } from '../src/shared/contract/schemas/status'
import type {
  ChatTurn,
  Engine,
  GenerateOutcome,
  GenerateRequest,
} from '../src/main/core/engine/engine'
import { NO_MODEL_STATUS } from '../src/main/core/engine/engine'
import { StatusHolder } from '../src/main/core/engine/status-holder'

export interface ScriptedEngineOptions {
  /** The exact reply for a conversation; the default echoes the last user message. */
  reply?: (history: readonly ChatTurn[]) => string
  /** How the reply is cut into chunks (default: about 4 characters each, like tokens). */
  chunkSize?: number
  /** Pause between chunks, so streaming is visible and stoppable. */
  chunkDelayMs?: number
  /**
   * Streams at this many chunks ("tokens") per second against the clock, however long each timer
   * takes (the UI benchmark streams 2,000 tokens at 500 per second). Overrides `chunkDelayMs`.
   */
  tokensPerSecond?: number
}

/**
 * An engine that answers exact text on cue. Only for UI cases that need a precise reply (the XSS
 * corpus, the streaming benchmark's event path): everything else runs the real node-llama-cpp.
 */
export class ScriptedEngine implements Engine {
  readonly #options: ScriptedEngineOptions
  readonly #status = new StatusHolder()

  constructor(options: ScriptedEngineOptions = {}) {
    this.#options = options
  }

  getStatus(): AppStatus {
    return this.#status.current
  }

  onStatusChange(listener: (status: AppStatus) => void): () => void {
    return this.#status.subscribe(listener)
  }

  load(modelPath: string | null): Promise<Result<AppStatus>> {
    this.#status.set(
      modelPath === null
        ? NO_MODEL_STATUS
        : {
            ...NO_MODEL_STATUS,
            state: 'ready',
            modelName: 'Scripted engine',
            modelPath,
            backend: 'CPU',
            contextSize: 8192,
          },
    )
    return Promise.resolve(ok(this.#status.current))
  }

  async generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    if (this.#status.current.state !== 'ready')
      return err('NO_MODEL', 'No model is loaded. Choose a model first.')
    const reply = (this.#options.reply ?? echo)(request.history)
    const size = this.#options.chunkSize ?? 4
    const pace = pacer(this.#options)
    let text = ''
    let tokenCount = 0
    for (
      let start = 0;
      start < reply.length && tokenCount < request.sampling.maxTokens;
      start += size
    ) {
      if (request.signal.aborted) return ok({ text, stopReason: 'abort', tokenCount })
      const chunk = reply.slice(start, start + size)
      text += chunk
      tokenCount += 1
      request.onTextChunk(chunk)
      await pace(tokenCount)
    }
    if (request.signal.aborted) return ok({ text, stopReason: 'abort', tokenCount })
    return ok({ text, stopReason: text.length < reply.length ? 'length' : 'eos', tokenCount })
  }

  dispose(): Promise<void> {
    this.#status.clear()
    return Promise.resolve()
  }
}

function echo(history: readonly ChatTurn[]): string {
  return `You said: ${history.at(-1)?.text ?? ''}`
}

/** Waits after the `sent`th chunk: a fixed pause, until its time at a steady rate, or not at all. */
function pacer(options: ScriptedEngineOptions): (sent: number) => Promise<void> {
  const rate = options.tokensPerSecond
  if (rate !== undefined && rate > 0) {
    const start = performance.now()
    return async (sent) => {
      const due = start + (sent * 1000) / rate
      const wait = due - performance.now()
      if (wait >= 1) await sleep(wait)
    }
  }
  const delay = options.chunkDelayMs
  return async () => {
    if (delay !== undefined) await sleep(delay)
  }
}
