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
import { DEFAULT_CONTEXT_SIZE } from '../../../shared/contract/schemas/settings'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { planContext } from './context-policy'
import type { ChatTurn, Engine, GenerateOutcome, GenerateRequest } from './engine'
import { NO_MODEL_STATUS } from './engine'
import { StatusHolder } from './status-holder'
import { describeFallback, nextGpuLayersAttempt, type GpuLayersRequest } from './gpu-fallback'
import { backendName, loadLlama } from './llama'
import { buildChatHistory, mapStopReason, promptTokens } from './prompt'

export interface LlamaEngineOptions {
  /** CPU threads for evaluation (pick them with `pickThreadCount`); read at each load, so a change in settings applies on reload. */
  threads: number | (() => number)
  /**
   * The context when the setting is empty (default 8,192, Llama 3's trained context); never more
   * than the model was trained on, and less if memory is short.
   */
  maxContextSize?: number
  /** The context-size setting, read at each load; null or absent uses `maxContextSize`. */
  contextSize?: () => number | null
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
    const tokens = promptTokens(loaded.model, loaded.session.chatWrapper, turns, systemPrompt)
    return ok(loaded.model.detokenize(tokens, true))
  }

  /**
   * Every token the model has evaluated on the chat's sequence, spelled out with special tokens:
   * after a reply, the exact prompt it was given followed by the reply. For tests and diagnostics.
   */
  evaluatedText(): string | null {
    const loaded = this.#loaded
    if (loaded === null) return null
    return loaded.model.detokenize(loaded.session.sequence.contextTokens, true)
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
    const { model, context, session } = loaded
    const prefix = request.responsePrefix ?? ''
    // Our context policy, not node-llama-cpp's silent shift: see context-policy.ts.
    const plan = planContext({
      turns: request.history,
      contextSize: context.contextSize,
      maxTokens: request.sampling.maxTokens,
      countTokens: (turns) =>
        promptTokens(model, session.chatWrapper, turns, request.systemPrompt, prefix).length,
    })
    if (!plan.ok) return plan
    const { firstTurn, maxTokens } = plan.value
    const { history, prompt } = buildChatHistory(
      request.history.slice(firstTurn),
      request.systemPrompt,
    )
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
        maxTokens,
        temperature: sampling.temperature,
        topK: sampling.topK,
        topP: sampling.topP,
        repeatPenalty: sampling.repeatPenalty,
        ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
        ...(sampling.minP === undefined || sampling.minP === 0 ? {} : { minP: sampling.minP }),
      })
      return ok({
        text: result.responseText,
        stopReason: mapStopReason(result.stopReason),
        tokenCount,
        context: {
          contextSize: context.contextSize,
          promptTokens: plan.value.promptTokens,
          firstTurn,
        },
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
        // Usable before the status says "ready": a send that follows the status must find it.
        this.#loaded = loaded
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
        contextSize: { max: this.#contextSizeFor(model) },
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

  /** The context to ask for: the setting, else `maxContextSize`, never above the trained context. */
  #contextSizeFor(model: LlamaModel): number {
    const trained = model.trainContextSize
    const wanted =
      this.#options.contextSize?.() ?? this.#options.maxContextSize ?? DEFAULT_CONTEXT_SIZE
    return trained > 0 ? Math.min(wanted, trained) : wanted
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
      trainedContextSize: model.trainContextSize,
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
