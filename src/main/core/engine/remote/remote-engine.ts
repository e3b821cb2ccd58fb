import OpenAI, { APIUserAbortError } from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { err, ok, type Result } from '../../../../shared/contract/result'
import type { AppStatus } from '../../../../shared/contract/schemas/status'
import type { Engine, GenerateOutcome, GenerateRequest } from '../engine'
import { NO_MODEL_STATUS } from '../engine'
import { StatusHolder } from '../status-holder'
import { noSuchModel, remoteError, type RemoteTarget } from './remote-errors'

/** An OpenAI-compatible server the user added in Models. */
export interface RemoteEndpoint extends RemoteTarget {
  id: string
}

export interface RemoteEngineOptions {
  endpoint: RemoteEndpoint
  /** The endpoint's key from the secret store; null sends none. */
  apiKey: string | null
  /** The HTTP client the shell lends (Node's fetch by default). */
  fetch?: typeof fetch
  log?: (message: string, detail?: unknown) => void
}

/** A server that never answers must not hold a reply for ever; a slow prompt still fits. */
const REQUEST_TIMEOUT_MS = 10 * 60 * 1000

/**
 * An engine on any OpenAI-compatible server (llama.cpp's server, vLLM, Ollama, another Hearth):
 * messages go as messages (the chat template is the server's business), the reply streams back as
 * server-sent events, and a stop aborts the request. The transport is the official `openai` client:
 * it parses the events, carries the abort signal and types the server's errors.
 */
export class RemoteEngine implements Engine {
  readonly #options: RemoteEngineOptions
  readonly #status = new StatusHolder()
  readonly #client: OpenAI

  constructor(options: RemoteEngineOptions) {
    this.#options = options
    this.#client = new OpenAI({
      // The client insists on a key; a server without one ignores the header.
      apiKey: options.apiKey ?? 'none',
      baseURL: options.endpoint.baseUrl,
      maxRetries: 0,
      timeout: REQUEST_TIMEOUT_MS,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    })
  }

  get endpoint(): RemoteEndpoint {
    return this.#options.endpoint
  }

  getStatus(): AppStatus {
    return this.#status.current
  }

  onStatusChange(listener: (status: AppStatus) => void): () => void {
    return this.#status.subscribe(listener)
  }

  /**
   * Checks that the server answers and serves the chosen model. The path is the local engine's
   * business: a remote server has its own model.
   */
  async load(): Promise<Result<AppStatus>> {
    const { endpoint } = this.#options
    const base = { ...NO_MODEL_STATUS, modelName: endpoint.modelId, endpoint: endpoint.name }
    this.#status.set({ ...base, state: 'loading' })
    try {
      const models = await this.#client.models.list()
      if (!models.data.some((model) => model.id === endpoint.modelId)) {
        const error = noSuchModel(endpoint)
        this.#status.set({ ...base, state: 'error', error })
        return err(error.code, error.message)
      }
    } catch (cause) {
      const error = remoteError(cause, endpoint)
      this.#options.log?.('The remote endpoint did not answer', cause)
      this.#status.set({ ...base, state: 'error', error })
      return err(error.code, error.message)
    }
    this.#status.set({ ...base, state: 'ready' })
    return ok(this.#status.current)
  }

  async generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    const { endpoint } = this.#options
    let text = ''
    let pieces = 0
    let completionTokens: number | null = null
    let stopReason: GenerateOutcome['stopReason'] = 'eos'
    let streaming = false
    try {
      const { sampling } = request
      const stream = await this.#client.chat.completions.create(
        {
          model: endpoint.modelId,
          messages: toMessages(request),
          stream: true,
          stream_options: { include_usage: true },
          temperature: sampling.temperature,
          top_p: sampling.topP,
          max_tokens: sampling.maxTokens,
          ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
          ...(request.stopStrings === undefined || request.stopStrings.length === 0
            ? {}
            : { stop: [...request.stopStrings] }),
        },
        { signal: request.signal },
      )
      streaming = true
      for await (const chunk of stream) {
        const choice = chunk.choices[0]
        const piece = choice?.delta.content
        if (piece) {
          text += piece
          pieces++
          request.onTextChunk(piece)
        }
        if (choice?.finish_reason === 'length') stopReason = 'length'
        if (chunk.usage) completionTokens = chunk.usage.completion_tokens
      }
    } catch (cause) {
      if (cause instanceof APIUserAbortError || request.signal.aborted) {
        return ok({ text, stopReason: 'abort', tokenCount: pieces })
      }
      this.#options.log?.('The remote endpoint failed', cause)
      const error = remoteError(cause, endpoint, streaming && text.length > 0)
      return err(error.code, error.message)
    }
    // The client ends the stream quietly when the signal aborts it.
    if (request.signal.aborted) return ok({ text, stopReason: 'abort', tokenCount: pieces })
    return ok({ text, stopReason, tokenCount: completionTokens ?? pieces })
  }

  dispose(): Promise<void> {
    this.#status.clear()
    return Promise.resolve()
  }
}

/**
 * The conversation as OpenAI messages. A reply being continued goes as a last assistant message:
 * llama.cpp's server continues it; servers that do not simply answer anew.
 */
function toMessages(request: GenerateRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = []
  if (request.systemPrompt.trim().length > 0) {
    messages.push({ role: 'system', content: request.systemPrompt })
  }
  for (const turn of request.history) messages.push({ role: turn.role, content: turn.text })
  if (request.responsePrefix) messages.push({ role: 'assistant', content: request.responsePrefix })
  return messages
}
