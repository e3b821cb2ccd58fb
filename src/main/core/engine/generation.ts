import { randomUUID } from 'node:crypto'
import type { AppError } from '../../../shared/contract/errors'
import type { FinishReason, ReplyStats } from '../../../shared/contract/schemas/chat'
import { DeltaBatcher } from './delta-batcher'
import type { ChatTurn, Engine, PromptContext, SamplingOptions } from './engine'

export interface GenerationResult {
  text: string
  finishReason: FinishReason
  stats: ReplyStats | null
  error: AppError | null
  /** Where the prompt stood against the context, from engines that measure it. */
  context?: PromptContext
}

export interface GenerationOptions {
  /** Chosen by the caller so it can label deltas that arrive before `startGeneration` returns. */
  id?: string
  engine: Engine
  history: readonly ChatTurn[]
  systemPrompt: string
  sampling: SamplingOptions
  /** Each batch of streamed text, in order, `seq` from 0. */
  onDelta: (seq: number, text: string) => void
  /** Text the reply already has (continue): generation carries on after it. */
  responsePrefix?: string
  /** Every raw chunk as it arrives, before batching (crash-safe persistence listens here). */
  onChunk?: (chunk: string) => void
  batchIntervalMs?: number
}

/** A running reply: `stop()` aborts it within one token; `result` settles after the last delta. */
export interface Generation {
  readonly id: string
  stop(): void
  readonly result: Promise<GenerationResult>
}

/**
 * Runs one reply on an engine with its own AbortController, batching text into deltas and measuring
 * time to first token and decode speed. A reply that ends empty at an end-of-generation token is an
 * error (EMPTY_REPLY), never an empty answer.
 */
export function startGeneration(options: GenerationOptions): Generation {
  const id = options.id ?? randomUUID()
  const abort = new AbortController()
  const batcher = new DeltaBatcher(options.onDelta, options.batchIntervalMs)
  const started = performance.now()
  let firstTextAt: number | null = null
  let text = ''

  const result = options.engine
    .generate({
      history: options.history,
      systemPrompt: options.systemPrompt,
      sampling: options.sampling,
      signal: abort.signal,
      ...(options.responsePrefix === undefined ? {} : { responsePrefix: options.responsePrefix }),
      onTextChunk: (chunk) => {
        firstTextAt ??= performance.now()
        text += chunk
        batcher.push(chunk)
        options.onChunk?.(chunk)
      },
    })
    .then((outcome): GenerationResult => {
      batcher.flush()
      if (!outcome.ok) return { text, finishReason: 'error', stats: null, error: outcome.error }
      const finished = performance.now()
      const stats = measure(started, firstTextAt, finished, outcome.value.tokenCount)
      const finishReason = toFinishReason(outcome.value.stopReason)
      const context = outcome.value.context === undefined ? {} : { context: outcome.value.context }
      // `text` is what streamed: without the response prefix when continuing a reply.
      if (
        finishReason === 'done' &&
        text.trim().length === 0 &&
        options.responsePrefix === undefined
      ) {
        return {
          text: '',
          finishReason: 'error',
          stats,
          error: {
            code: 'EMPTY_REPLY',
            message: 'The model ended its reply without writing anything. Try again or rephrase.',
          },
          ...context,
        }
      }
      return { text, finishReason, stats, error: null, ...context }
    })

  return { id, stop: () => abort.abort(), result }
}

function toFinishReason(reason: 'eos' | 'length' | 'abort'): FinishReason {
  switch (reason) {
    case 'eos':
      return 'done'
    case 'length':
      return 'length'
    case 'abort':
      return 'stopped'
    default:
      return reason satisfies never
  }
}

function measure(
  started: number,
  firstTextAt: number | null,
  finished: number,
  tokenCount: number,
): ReplyStats {
  const ttftMs = (firstTextAt ?? finished) - started
  // Decode speed counts the tokens after the first over the time after the first, as llama-bench does.
  const decodeSeconds = (finished - (firstTextAt ?? finished)) / 1000
  const tokensPerSecond = tokenCount > 1 && decodeSeconds > 0 ? (tokenCount - 1) / decodeSeconds : 0
  return { ttftMs, tokensPerSecond, tokenCount }
}
