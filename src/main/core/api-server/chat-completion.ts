import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { ResolvedSampling } from '../../../shared/contract/schemas/sampling'
import type { Engine, GenerateOutcome } from '../engine/engine'
import { toEngineSampling } from '../engine/sampling'
import type { ChatCompletionRequest } from './chat-request'
import {
  chunkBody,
  completionBody,
  finishReasonOf,
  usageChunkBody,
  usageOf,
  type CompletionIdentity,
} from './completion-shapes'
import { errorBody, fromAppError, sendError, sendJson, type ApiError } from './openai-errors'
import type { RequestQueue } from './request-queue'

/** A request that finished with a reply, for the history (when the user keeps API conversations). */
export interface FinishedCompletion {
  request: ChatCompletionRequest
  text: string
  outcome: GenerateOutcome
}

export interface CompletionDeps {
  engine: Engine
  queue: RequestQueue
  /** The sampling an omitted value takes: the model card's. */
  defaults: () => ResolvedSampling
  /** Seconds a client told the queue is full should wait. */
  retryAfterSeconds: number
  onFinished?: (finished: FinishedCompletion) => void
  log: (message: string, detail?: unknown) => void
}

/**
 * Answers one checked chat completion on the shared engine, whole or streamed as server-sent
 * events. Each piece of text is written as the engine produces it; a client that goes away aborts
 * the generation, which node-llama-cpp honours before its next token.
 */
export async function answerCompletion(
  deps: CompletionDeps,
  request: ChatCompletionRequest,
  model: string,
  res: ServerResponse,
): Promise<void> {
  const slot = deps.queue.enter()
  if (slot === null) {
    const full: ApiError = {
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      param: null,
      message: 'Hearth is busy with other requests. Try again in a moment.',
      headers: { 'Retry-After': String(deps.retryAfterSeconds) },
    }
    sendError(res, full)
    return
  }
  const { abort } = slot
  // 'close' fires when the response ends or the connection drops; only the second aborts.
  res.on('close', () => {
    if (!res.writableFinished) abort.abort()
  })
  const identity: CompletionIdentity = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model,
  }
  const stream = request.stream ? new CompletionStream(res, identity) : null
  let text = ''
  try {
    const defaults = deps.defaults()
    const sampling = toEngineSampling({
      ...defaults,
      temperature: request.temperature ?? defaults.temperature,
      topP: request.topP ?? defaults.topP,
      maxTokens: request.maxTokens ?? defaults.maxTokens,
      seed: request.seed ?? defaults.seed,
    })
    const result = await deps.engine.generate({
      history: request.history,
      systemPrompt: request.systemPrompt,
      sampling,
      signal: abort.signal,
      stopStrings: request.stop,
      ...(request.responsePrefix === undefined ? {} : { responsePrefix: request.responsePrefix }),
      ...(request.format === undefined ? {} : { format: request.format }),
      onTextChunk: (chunk) => {
        if (chunk.length === 0) return
        text += chunk
        stream?.write(chunk)
      },
    })
    if (res.destroyed) return
    if (!result.ok) {
      const error = fromAppError(result.error)
      if (stream === null || !stream.started) sendError(res, error)
      else stream.fail(error)
      return
    }
    const outcome = result.value
    const usage = usageOf(outcome.context?.promptTokens ?? 0, outcome.tokenCount)
    const finishReason = finishReasonOf(outcome.stopReason)
    if (stream === null) sendJson(res, 200, completionBody(identity, text, finishReason, usage))
    else stream.end(finishReason, request.includeUsage ? usage : null)
    deps.onFinished?.({ request, text, outcome })
  } catch (cause) {
    deps.log('An API request failed', cause)
    const error: ApiError = {
      status: 500,
      type: 'server_error',
      param: null,
      code: null,
      message: 'Hearth could not answer this request.',
    }
    if (res.destroyed) return
    if (stream === null || !stream.started) sendError(res, error)
    else stream.fail(error)
  } finally {
    slot.leave()
  }
}

/** Writes one completion as server-sent events; the headers go out with the first text. */
class CompletionStream {
  readonly #res: ServerResponse
  readonly #identity: CompletionIdentity
  started = false

  constructor(res: ServerResponse, identity: CompletionIdentity) {
    this.#res = res
    this.#identity = identity
  }

  write(content: string): void {
    this.#start()
    this.#event(chunkBody(this.#identity, { content }))
  }

  end(finishReason: ReturnType<typeof finishReasonOf>, usage: ReturnType<typeof usageOf> | null) {
    this.#start()
    this.#event(chunkBody(this.#identity, {}, finishReason))
    if (usage !== null) this.#event(usageChunkBody(this.#identity, usage))
    this.#res.end('data: [DONE]\n\n')
  }

  /** An error after the stream began: OpenAI's error object as the last event. */
  fail(error: ApiError): void {
    this.#event(errorBody(error))
    this.#res.end()
  }

  #start(): void {
    if (this.started) return
    this.started = true
    this.#res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    })
    // Each piece goes out as it comes: Nagle's algorithm would hold small writes back.
    this.#res.socket?.setNoDelay(true)
    this.#event(chunkBody(this.#identity, { role: 'assistant', content: '' }))
  }

  #event(body: unknown): void {
    this.#res.write(`data: ${JSON.stringify(body)}\n\n`)
  }
}
