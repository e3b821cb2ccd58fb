import { randomUUID } from 'node:crypto'
import type { AppError } from '../../../shared/contract/errors'
import type { FinishReason, ReplyStats } from '../../../shared/contract/schemas/chat'
import { err, type Result } from '../../../shared/contract/result'
import { DeltaBatcher } from './delta-batcher'
import type { ChatTurn, Engine, GenerateOutcome, PromptContext, SamplingOptions } from './engine'

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
  /** The conversation the reply belongs to: the engine keeps its evaluated state under it. */
  conversationId?: string
  log?: (message: string, detail?: unknown) => void
}

/** A running reply: `stop()` aborts it within one token; `result` settles after the last delta. */
export interface Generation {
  readonly id: string
  stop(): void
  readonly result: Promise<GenerationResult>
}

/** What a reply ends with when handing its text on (events, saving) threw: a bug, never the model. */
const HAND_ON_FAILED: AppError = {
  code: 'INTERNAL',
  message: 'Hearth could not pass on or save this reply, so it stopped. Try again.',
}

/**
 * Runs one reply on an engine with its own AbortController, batching text into deltas and measuring
 * time to first token and decode speed. A reply that ends empty at an end-of-generation token is an
 * error (EMPTY_REPLY), never an empty answer. `result` never rejects: a throw or a rejection
 * anywhere (the engine, the delta listeners, the persister) stops the reply and ends it with a
 * typed error, so whoever waits for it is always released.
 */
export function startGeneration(options: GenerationOptions): Generation {
  const id = options.id ?? randomUUID()
  const abort = new AbortController()
  let failure: AppError | null = null
  const fail = (cause: unknown): void => {
    options.log?.('A reply could not be handed on', cause)
    failure ??= HAND_ON_FAILED
    abort.abort()
  }
  const batcher = new DeltaBatcher((seq, batch) => {
    try {
      options.onDelta(seq, batch)
    } catch (cause) {
      fail(cause)
    }
  }, options.batchIntervalMs)
  const started = performance.now()
  let firstTextAt: number | null = null
  let text = ''

  const generated = Promise.resolve()
    .then(() =>
      options.engine.generate({
        history: options.history,
        systemPrompt: options.systemPrompt,
        sampling: options.sampling,
        signal: abort.signal,
        ...(options.responsePrefix === undefined ? {} : { responsePrefix: options.responsePrefix }),
        ...(options.conversationId === undefined ? {} : { conversationId: options.conversationId }),
        onTextChunk: (chunk) => {
          firstTextAt ??= performance.now()
          text += chunk
          batcher.push(chunk)
          try {
            options.onChunk?.(chunk)
          } catch (cause) {
            fail(cause)
          }
        },
      }),
    )
    .catch((cause: unknown): Result<GenerateOutcome> => {
      options.log?.('The engine failed', cause)
      const reason = cause instanceof Error ? cause.message : String(cause)
      return err('GENERATION_FAILED', `The model stopped with an error: ${reason}`)
    })

  const result = generated.then((outcome): GenerationResult => {
    batcher.flush()
    if (failure !== null) return { text, finishReason: 'error', stats: null, error: failure }
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
