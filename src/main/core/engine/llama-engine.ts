import { basename, join } from 'node:path'
import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import { DEFAULT_CONTEXT_SIZE } from '../../../shared/contract/schemas/settings'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { ChatSequence, type TurnReport } from './chat-sequence'
import type { ChatTurn, Engine, GenerateOutcome, GenerateRequest, PrepareRequest } from './engine'
import { NO_MODEL_STATUS } from './engine'
import { AppErrorSchema } from '../../../shared/contract/errors'
import { contextKeyOf, errorMessage, loadModelWithFallback, type LoadedModel } from './llama-loader'
import { abandonOnAbort } from './abandon'
import { ModelIdentity } from './model-identity'
import { SpeedMeter, type MeasuredSpeeds } from './save-policy'
import { StateCache } from './state-cache'
import { StateKeeper, type RestoreRecord, type SaveRecord } from './state-keeper'
import { StatusHolder } from './status-holder'

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
  /** A folder for conversation states (the state cache); without one no state is kept. */
  stateDir?: string
  /** The state cache's limit in bytes, read at each save: null picks the default, 0 keeps none. */
  stateCacheMaxBytes?: () => number | null
  /** Prompt lookup decoding, read before each generation (default on). */
  promptLookup?: () => boolean
  /** How long the engine waits, idle after a conversation's reply, before saving its state. */
  idleSaveMs?: number
  /** The save policy's smallest worthwhile gain (save-policy.ts); tests on tiny models set 0. */
  minSaveGainMs?: number
  /** How long a load may take before it is abandoned (default LOAD_TIMEOUT_MS). */
  loadTimeoutMs?: number
}

/**
 * A load that has not finished after this long is abandoned with an error (issue 10: a model on a
 * hung network mount left `models.activate` unanswered for good). Generous: an 8B model read from
 * a slow hard disk takes about a minute.
 */
const LOAD_TIMEOUT_MS = 10 * 60 * 1000

/**
 * After a reply the engine saves the conversation's state once it has been idle this long: the
 * user is reading, so the write delays nobody, and a title or a quick regenerate that follows at
 * once is not made to wait for it. A conversation left sooner is saved as it is left.
 */
const IDLE_SAVE_MS = 1000

interface Loaded {
  model: LlamaModel
  context: LlamaContext
  chat: ChatSequence
  keeper: StateKeeper
  meter: SpeedMeter
}

/** What the engine did last, for tests, benchmarks and diagnostics. */
export interface EngineDiagnostics {
  lastTurn: TurnReport | null
  lastSave: SaveRecord | null
  lastRestore: RestoreRecord | null
  residentConversation: string | null
  sequenceTokens: number
  speeds: MeasuredSpeeds
  cacheBytes: number
}

/**
 * The real engine: one model, one context and one conversation sequence at a time, on
 * node-llama-cpp with `gpu: 'auto'` and `gpuLayers: 'auto'`. Loads and generations are serialised
 * (the template's llmState locks per resource the same way), a load disposes the previous model
 * first, and a generation always runs on the model loaded when its turn comes. Conversations'
 * evaluated states move between the sequence and a cache on disk (state-keeper.ts), so switching
 * back to a conversation, or restarting, does not evaluate it all again.
 */
export class LlamaEngine implements Engine {
  readonly #options: LlamaEngineOptions
  readonly #status = new StatusHolder()
  readonly #cache: StateCache | null
  readonly #identity: ModelIdentity | null
  #loaded: Loaded | null = null
  #queue: Promise<unknown> = Promise.resolve()
  /** Tasks queued or running: an idle save never starts while one waits. */
  #queued = 0
  #idleTimer: ReturnType<typeof setTimeout> | null = null
  /** The load under way, so shutdown can stop it instead of waiting for it. */
  #loading: AbortController | null = null

  constructor(options: LlamaEngineOptions) {
    this.#options = options
    const stateDir = options.stateDir
    this.#cache =
      stateDir === undefined
        ? null
        : new StateCache({
            dir: stateDir,
            maxBytes: options.stateCacheMaxBytes ?? (() => null),
            ...(options.log ? { log: options.log } : {}),
          })
    this.#identity =
      stateDir === undefined ? null : new ModelIdentity(join(stateDir, 'model-ids.json'))
    // Clean up after a crash at once, off any reply's path.
    void this.#cache
      ?.open()
      .catch((cause: unknown) => options.log?.('State cache unavailable', cause))
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
      const loaded = await this.#loadWithin(modelPath)
      if (!loaded.ok) {
        this.#status.set({ ...NO_MODEL_STATUS, state: 'error', modelPath, error: loaded.error })
        return err(loaded.error.code, loaded.error.message)
      }
      this.#loaded = this.#attach(
        loaded.value.llama,
        loaded.value.model,
        loaded.value.context,
        modelPath,
      )
      this.#status.set(loaded.value.status)
      return ok(this.#status.current)
    })
  }

  generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    if (this.#loaded === null) {
      return Promise.resolve(err('NO_MODEL', 'No model is loaded. Choose a model first.'))
    }
    this.#cancelIdleSave()
    // Generations queue behind each other (a background title waits for the reply, or is
    // aborted by the chat service); the chat service allows one user reply at a time.
    return this.#serialise(async (): Promise<Result<GenerateOutcome>> => {
      // The model loaded now: a load queued ahead of this generation has replaced the old one.
      const loaded = this.#loaded
      if (loaded === null) return err('NO_MODEL', 'No model is loaded. Choose a model first.')
      const result = await loaded.chat.generate(request)
      // Next in the queue, after the reply has been handed back (its chat.done does not wait).
      if (loaded.chat.hasNextTurn)
        void this.#serialise(() => loaded.chat.openNextTurn()).catch((cause: unknown) =>
          this.#options.log?.('Could not open the next turn', cause),
        )
      if (request.conversationId !== undefined) this.#armIdleSave()
      return result
    }).catch((cause: unknown) => {
      this.#options.log?.('Generation failed', cause)
      return err('GENERATION_FAILED', `The model stopped with an error: ${errorMessage(cause)}`)
    })
  }

  /**
   * Idle-time work for the conversation the user is looking at (see PrepareRequest and
   * ChatSequence.prepare). Taken only when nothing else is queued or running, and it stops between
   * steps as soon as something queues behind it: a send never waits for more than one step.
   */
  prepare(request: PrepareRequest): Promise<boolean> {
    if (this.#loaded === null || this.#queued > 0) return Promise.resolve(false)
    return this.#serialise(async () => {
      const loaded = this.#loaded
      if (loaded === null || this.#queued > 1) return false
      return loaded.chat.prepare(request, () => this.#queued > 1)
    }).catch((cause: unknown) => {
      this.#options.log?.('Preparing the conversation failed (the next reply is unaffected)', cause)
      return false
    })
  }

  /** Resolves once everything queued now (loads, replies, idle work) has finished. */
  async settled(): Promise<void> {
    await this.#serialise(() => Promise.resolve())
  }

  /**
   * Saves the state of the conversation the sequence holds now (where the save policy finds it
   * worth it) and waits until every state file is finished. Quitting does this; tests and
   * benchmarks call it instead of waiting for the idle save.
   */
  async flushState(): Promise<void> {
    this.#cancelIdleSave()
    await this.#serialise(async () => this.#loaded?.chat.saveResident())
    await this.#cache?.flush()
  }

  /** Deletes the saved states of conversations `keep` says are gone (see StateCache.prune). */
  async pruneStates(keep: (conversationId: string) => boolean): Promise<number> {
    return (await this.#cache?.prune(keep)) ?? 0
  }

  /**
   * The exact text (special tokens spelled out) that a conversation becomes for the loaded model,
   * through the same chat wrapper that generation uses. For tests and diagnostics.
   */
  renderPrompt(turns: readonly ChatTurn[], systemPrompt: string): Result<string> {
    const loaded = this.#loaded
    if (loaded === null) return err('NO_MODEL', 'No model is loaded.')
    return ok(loaded.chat.renderPrompt(turns, systemPrompt))
  }

  /**
   * Every token the model has evaluated on the chat's sequence, spelled out with special tokens:
   * after a reply, the exact prompt it was given followed by the reply. For tests and diagnostics.
   */
  evaluatedText(): string | null {
    const loaded = this.#loaded
    if (loaded === null) return null
    return loaded.model.detokenize(loaded.chat.sequence.contextTokens, true)
  }

  /** The chat wrapper node-llama-cpp resolved from the model's template (Llama 3 for ours). */
  chatWrapperName(): string | null {
    return this.#loaded?.chat.chatWrapperName ?? null
  }

  diagnostics(): EngineDiagnostics | null {
    const loaded = this.#loaded
    if (loaded === null) return null
    return {
      lastTurn: loaded.chat.lastTurn,
      lastSave: loaded.keeper.lastSave,
      lastRestore: loaded.keeper.lastRestore,
      residentConversation: loaded.keeper.resident,
      sequenceTokens: loaded.chat.sequence.contextTokens.length,
      speeds: loaded.meter.speeds,
      cacheBytes: this.#cache?.totalBytes ?? 0,
    }
  }

  async dispose(): Promise<void> {
    // Shutdown never waits on a load: one under way is stopped (and abandoned if it ignores that).
    this.#loading?.abort({
      code: 'MODEL_LOAD_FAILED',
      message: 'Hearth is closing: the model load was stopped.',
    })
    await this.#serialise(() => this.#unload())
    this.#status.clear()
  }

  /** Loads a model, abandoning the load once it runs past the timeout or shutdown stops it. */
  async #loadWithin(modelPath: string): Promise<Result<LoadedModel>> {
    const { threads } = this.#options
    const abort = new AbortController()
    this.#loading = abort
    const timeoutMs = this.#options.loadTimeoutMs ?? LOAD_TIMEOUT_MS
    const timer = setTimeout(() => abort.abort(loadTimedOut(modelPath, timeoutMs)), timeoutMs)
    try {
      const loading = loadModelWithFallback(modelPath, {
        threads: typeof threads === 'number' ? () => threads : threads,
        contextSize:
          this.#options.contextSize?.() ?? this.#options.maxContextSize ?? DEFAULT_CONTEXT_SIZE,
        signal: abort.signal,
        ...(this.#options.llama ? { llama: this.#options.llama } : {}),
        ...(this.#options.log ? { log: this.#options.log } : {}),
      })
      // A model that finishes loading after it was abandoned is disposed, never attached.
      return await abandonOnAbort(loading, abort.signal, (late) => {
        if (late.ok) void late.value.context.dispose().then(() => late.value.model.dispose())
      })
    } catch (cause) {
      const reason = AppErrorSchema.safeParse(cause)
      if (reason.success) return err(reason.data.code, reason.data.message)
      this.#options.log?.(`Loading ${modelPath} failed`, cause)
      return err('MODEL_LOAD_FAILED', `Hearth could not load ${basename(modelPath)}.`)
    } finally {
      clearTimeout(timer)
      if (this.#loading === abort) this.#loading = null
    }
  }

  #attach(llama: Llama, model: LlamaModel, context: LlamaContext, modelPath: string): Loaded {
    const meter = new SpeedMeter()
    // Hashing starts now, in the background: a state can only be saved or used once it is known.
    const sha256 = this.#identity?.sha256(modelPath) ?? null
    sha256?.catch((cause: unknown) => this.#options.log?.('Could not hash the model file', cause))
    const contextKey = contextKeyOf(llama, context)
    const keeper = new StateKeeper({
      cache: this.#cache,
      meter,
      keys: async () => (sha256 === null ? null : { modelSha256: await sha256, contextKey }),
      ...(this.#options.minSaveGainMs === undefined
        ? {}
        : { minGainMs: this.#options.minSaveGainMs }),
      ...(this.#options.log ? { log: this.#options.log } : {}),
    })
    const chat = new ChatSequence(context, {
      keeper,
      meter,
      promptLookup: this.#options.promptLookup ?? (() => true),
      ...(this.#options.log ? { log: this.#options.log } : {}),
    })
    return { model, context, chat, keeper, meter }
  }

  #armIdleSave(): void {
    this.#cancelIdleSave()
    const timer = setTimeout(() => {
      this.#idleTimer = null
      // Busy: try again after another idle period (a generation re-arms it anyway when it ends).
      if (this.#queued > 0) {
        this.#armIdleSave()
        return
      }
      void this.#serialise(async () => {
        // Something queued behind this save: it goes first, the save waits for the next idle time.
        if (this.#queued > 1) return
        await this.#loaded?.chat.saveResident()
      }).catch((cause: unknown) =>
        this.#options.log?.('Saving the conversation state failed', cause),
      )
    }, this.#options.idleSaveMs ?? IDLE_SAVE_MS)
    timer.unref()
    this.#idleTimer = timer
  }

  #cancelIdleSave(): void {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer)
    this.#idleTimer = null
  }

  async #unload(): Promise<void> {
    this.#cancelIdleSave()
    const loaded = this.#loaded
    this.#loaded = null
    if (loaded === null) return
    // Leaving the model leaves its conversation: its state is saved first.
    await loaded.chat.close()
    await loaded.context.dispose()
    await loaded.model.dispose()
    await this.#cache?.flush()
  }

  #serialise<T>(task: () => Promise<T>): Promise<T> {
    this.#queued++
    const run = this.#queue.then(task, task).finally(() => {
      this.#queued--
    })
    this.#queue = run.catch(() => undefined)
    return run
  }
}

function loadTimedOut(
  modelPath: string,
  timeoutMs: number,
): { code: 'MODEL_LOAD_FAILED'; message: string } {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000))
  return {
    code: 'MODEL_LOAD_FAILED',
    message: `Loading ${basename(modelPath)} did not finish within ${seconds} seconds and was abandoned. If the file is on a network drive or a slow disk, copy it to a local disk and try again.`,
  }
}
