import { setTimeout as sleep } from 'node:timers/promises'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import type { ChatTurn, Engine, GenerateOutcome, GenerateRequest } from './engine'
import { NO_MODEL_STATUS } from './engine'
import { StatusHolder } from './status-holder'

export interface ScriptedEngineOptions {
  /** The exact reply for a conversation; the default echoes the last user message. */
  reply?: (history: readonly ChatTurn[]) => string
  /** How the reply is cut into chunks (default: about 4 characters each, like tokens). */
  chunkSize?: number
  /** Pause between chunks, so streaming is visible and stoppable. */
  chunkDelayMs?: number
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

  async load(modelPath: string | null): Promise<Result<AppStatus>> {
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
    return ok(this.#status.current)
  }

  async generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    if (this.#status.current.state !== 'ready')
      return err('NO_MODEL', 'No model is loaded. Choose a model first.')
    const reply = (this.#options.reply ?? echo)(request.history)
    const size = this.#options.chunkSize ?? 4
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
      if (this.#options.chunkDelayMs !== undefined) await sleep(this.#options.chunkDelayMs)
    }
    if (request.signal.aborted) return ok({ text, stopReason: 'abort', tokenCount })
    return ok({ text, stopReason: text.length < reply.length ? 'length' : 'eos', tokenCount })
  }

  async dispose(): Promise<void> {
    this.#status.clear()
  }
}

function echo(history: readonly ChatTurn[]): string {
  return `You said: ${history.at(-1)?.text ?? ''}`
}
