import { basename } from 'node:path'
import {
  GgufInsights,
  LlamaChatSession,
  readGgufFileInfo,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import type { ChatTurn, Engine, GenerateOutcome, GenerateRequest } from './engine'
import { NO_MODEL_STATUS } from './engine'
import { StatusHolder } from './status-holder'
import { describeFallback, nextGpuLayersAttempt, type GpuLayersRequest } from './gpu-fallback'
import { backendName, loadLlama } from './llama'
import { buildChatHistory, mapStopReason } from './prompt'

export interface LlamaEngineOptions {
  /** CPU threads for evaluation (pick them with `pickThreadCount`); read at each load, so a change in settings applies on reload. */
  threads: number | (() => number)
  /** Upper bound on the context; the real size is what fits (Llama 3 was trained on 8,192). */
  maxContextSize?: number
  /** Where llama.cpp's binding comes from; tests may pass their own. */
  llama?: () => Promise<Llama>
  log?: (message: string, detail?: unknown) => void
}

interface Loaded {
  model: LlamaModel
  context: LlamaContext
  session: LlamaChatSession
}

/**
 * The real engine: one model, one context and one chat session at a time, on node-llama-cpp with
 * `gpu: 'auto'` and `gpuLayers: 'auto'`. Loads and generations are serialised (the template's
 * llmState locks per resource the same way) and a load disposes the previous model first.
 */
export class LlamaEngine implements Engine {
  readonly #options: LlamaEngineOptions
  readonly #status = new StatusHolder()
  #loaded: Loaded | null = null
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: LlamaEngineOptions) {
    this.#options = options
  }

  getStatus(): AppStatus {
    return this.#status.current
  }

  onStatusChange(listener: (status: AppStatus) => void): () => void {
    return this.#status.subscribe(listener)
  }

  load(modelPath: string | null): Promise<Result<AppStatus>> {
    return this.#serialise(async () => {
      await this.#unload()
      if (modelPath === null) {
        this.#status.set(NO_MODEL_STATUS)
        return ok(this.#status.current)
      }
      this.#status.set({
        ...NO_MODEL_STATUS,
        state: 'loading',
        modelPath,
        modelName: basename(modelPath),
      })
      const loaded = await this.#loadWithFallback(modelPath)
      if (!loaded.ok) {
        this.#status.set({ ...NO_MODEL_STATUS, state: 'error', modelPath, error: loaded.error })
        return err(loaded.error.code, loaded.error.message)
      }
      this.#loaded = loaded.value
      return ok(this.#status.current)
    })
  }

  generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    const loaded = this.#loaded
    if (loaded === null) {
      return Promise.resolve(err('NO_MODEL', 'No model is loaded. Choose a model first.'))
    }
    // Generations queue behind each other (a background title waits for the reply, or is
    // aborted by the chat service); the chat service allows one user reply at a time.
    return this.#serialise(() => this.#generate(this.#loaded ?? loaded, request))
  }

  /**
   * The exact text (special tokens spelled out) that a conversation becomes for the loaded model,
   * through the same chat wrapper that generation uses. For tests and diagnostics.
   */
  renderPrompt(turns: readonly ChatTurn[], systemPrompt: string): Result<string> {
    const loaded = this.#loaded
    if (loaded === null) return err('NO_MODEL', 'No model is loaded.')
    const { history, prompt } = buildChatHistory(turns, systemPrompt)
    const { contextText } = loaded.session.chatWrapper.generateContextState({
      chatHistory: [...history, { type: 'user', text: prompt }, { type: 'model', response: [] }],
    })
    return ok(loaded.model.detokenize(contextText.tokenize(loaded.model.tokenizer), true))
  }

  /** The chat wrapper node-llama-cpp resolved from the model's template (Llama 3 for ours). */
  chatWrapperName(): string | null {
    return this.#loaded?.session.chatWrapper.wrapperName ?? null
  }

  async dispose(): Promise<void> {
    await this.#serialise(() => this.#unload())
    this.#status.clear()
  }

  async #generate(loaded: Loaded, request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    const { history, prompt } = buildChatHistory(request.history, request.systemPrompt)
    const promptTokens = loaded.model.tokenize(prompt).length
    // Leave room for the template's headers and at least a short answer.
    const room = loaded.context.contextSize - 64
    if (promptTokens > room) {
      return err(
        'CONTEXT_OVERFLOW',
        `Your message is about ${promptTokens} tokens, more than this model's context of ${loaded.context.contextSize} tokens can hold. Shorten it or split it into parts.`,
      )
    }
    loaded.session.setChatHistory(history)
    let tokenCount = 0
    const { sampling } = request
    try {
      const result = await loaded.session.promptWithMeta(prompt, {
        onTextChunk: request.onTextChunk,
        onToken: (tokens) => {
          tokenCount += tokens.length
        },
        signal: request.signal,
        stopOnAbortSignal: true,
        ...(request.responsePrefix ? { responsePrefix: request.responsePrefix } : {}),
        maxTokens: sampling.maxTokens,
        temperature: sampling.temperature,
        topK: sampling.topK,
        topP: sampling.topP,
        repeatPenalty: sampling.repeatPenalty,
        ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
      })
      return ok({
        text: result.responseText,
        stopReason: mapStopReason(result.stopReason),
        tokenCount,
      })
    } catch (cause) {
      this.#options.log?.('Generation failed', cause)
      return err('GENERATION_FAILED', `The model stopped with an error: ${errorMessage(cause)}`)
    }
  }

  async #loadWithFallback(modelPath: string): Promise<Result<Loaded>> {
    let llama: Llama
    try {
      llama = await (this.#options.llama ?? loadLlama)()
    } catch (cause) {
      this.#options.log?.('Could not start llama.cpp', cause)
      return err(
        'MODEL_LOAD_FAILED',
        `Hearth could not start its model runtime: ${errorMessage(cause)}`,
      )
    }
    const totalLayers = await readTotalLayers(llama, modelPath)
    if (!totalLayers.ok) return totalLayers
    let request: GpuLayersRequest | null = llama.gpu === false ? 0 : 'auto'
    let lastError: unknown = null
    while (request !== null) {
      try {
        const loaded = await this.#loadOnce(llama, modelPath, request)
        await this.#reportLoaded(llama, loaded, modelPath, request !== 'auto' && request !== 0)
        return ok(loaded)
      } catch (cause) {
        lastError = cause
        this.#options.log?.(`Loading ${modelPath} with gpuLayers=${String(request)} failed`, cause)
        request = nextGpuLayersAttempt(request, totalLayers.value, cause)
      }
    }
    return err(
      'MODEL_LOAD_FAILED',
      `Hearth could not load ${basename(modelPath)}: ${errorMessage(lastError)}`,
    )
  }

  async #loadOnce(llama: Llama, modelPath: string, gpuLayers: GpuLayersRequest): Promise<Loaded> {
    const model = await llama.loadModel({ modelPath, gpuLayers })
    try {
      const context = await model.createContext({
        contextSize: { max: this.#options.maxContextSize ?? 8192 },
        threads:
          typeof this.#options.threads === 'number'
            ? this.#options.threads
            : this.#options.threads(),
      })
      // An empty history replaces the session's default system prompt: the model card uses none.
      const session = new LlamaChatSession({ contextSequence: context.getSequence() })
      session.setChatHistory([] satisfies ChatHistoryItem[])
      return { model, context, session }
    } catch (cause) {
      await model.dispose()
      throw cause
    }
  }

  async #reportLoaded(
    llama: Llama,
    loaded: Loaded,
    modelPath: string,
    fellBack: boolean,
  ): Promise<void> {
    const { model, context } = loaded
    const totalLayers = model.fileInsights.totalLayers
    const gpuNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames().catch(() => [])
    const vram = llama.gpu === false ? null : await llama.getVramState().catch(() => null)
    const name = model.fileInfo.metadata.general?.name
    this.#status.set({
      state: 'ready',
      modelName: typeof name === 'string' && name.length > 0 ? name : basename(modelPath),
      modelPath,
      backend: backendName(llama.gpu),
      gpuName: gpuNames[0] ?? null,
      gpuLayers: model.gpuLayers,
      totalLayers,
      contextSize: context.contextSize,
      vramUsedBytes: vram?.used ?? null,
      vramTotalBytes: vram?.total ?? null,
      notice:
        fellBack || model.gpuLayers < totalLayers
          ? describeFallback(model.gpuLayers, totalLayers, llama.gpu !== false)
          : null,
      error: null,
    })
  }

  async #unload(): Promise<void> {
    const loaded = this.#loaded
    this.#loaded = null
    if (loaded === null) return
    await loaded.session.dispose?.()
    await loaded.context.dispose()
    await loaded.model.dispose()
  }

  #serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }
}

/** Reads the GGUF header before loading: a file that is not a GGUF model is refused with a clear message. */
async function readTotalLayers(llama: Llama, modelPath: string): Promise<Result<number>> {
  try {
    const info = await readGgufFileInfo(modelPath, { readTensorInfo: true })
    return ok((await GgufInsights.from(info, llama)).totalLayers)
  } catch (cause) {
    const reason = errorMessage(cause)
    return err(
      'NOT_GGUF',
      `${basename(modelPath)} is not a GGUF model file that Hearth can read (${reason}).`,
    )
  }
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
