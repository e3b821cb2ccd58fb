import {
  LlamaChatSession,
  type ChatHistoryItem,
  type LlamaContext,
  type LlamaContextSequence,
  type Token,
} from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { ChatTurn, GenerateOutcome, GenerateRequest, PrepareRequest } from './engine'
import { errorMessage } from './llama-loader'
import { planContext, type ContextPlan } from './context-policy'
import { grammarFor } from './reply-format'
import { buildChatHistory, mapStopReason } from './prompt'
import type { SpeedMeter } from './save-policy'
import { promptLookupPredictor } from './prompt-lookup'
import { sharedPrefix, type StateKeeper } from './state-keeper'

/** A turn's opening is a handful of template tokens; more means the rendering is not a turn's. */
const MAX_OPENING_TOKENS = 16

/**
 * Draft tokens evaluated per step while the user types: a send waits at most for one step, and a
 * step's tokens are ones it needs anyway unless the draft changed.
 */
const DRAFT_CHUNK = 16

/** Appended to a draft to find the tokens that stay whatever comes next (see `prepare`). */
const DRAFT_PROBE = '7'

export interface ChatSequenceOptions {
  keeper: StateKeeper
  meter: SpeedMeter
  /** Read before each generation: a change rebuilds the sequence (its state is saved first). */
  promptLookup: () => boolean
  log?: (message: string, detail?: unknown) => void
}

/** What the last generation did with the sequence, for tests and benchmarks. */
export interface TurnReport {
  conversationId: string | null
  promptTokens: number
  /** Prompt tokens the sequence already held before evaluating (restored or kept). */
  reusedTokens: number
  /** Of those, the ones a state file restored. */
  restoredTokens: number
  /** A side job: conversation tokens it cost (0 unless its prompt diverged inside the conversation). */
  evictedTokens: number
  ttftMs: number | null
  /** Prompt lookup's counts for this generation. */
  validated: number
  refuted: number
}

/**
 * The conversation sequence of a loaded context: one LlamaChatSession on one context sequence,
 * with the state keeper moving conversations in and out of it and, when the setting is on,
 * node-llama-cpp's InputLookupTokenPredictor on it.
 */
export class ChatSequence {
  readonly #context: LlamaContext
  readonly #options: ChatSequenceOptions
  #sequence!: LlamaContextSequence
  #session!: LlamaChatSession
  #lookup = false
  /** The conversation as the last finished reply left it, for `openNextTurn`. */
  #nextTurn: PrepareRequest | null = null
  lastTurn: TurnReport | null = null

  constructor(context: LlamaContext, options: ChatSequenceOptions) {
    this.#context = context
    this.#options = options
    this.#open(options.promptLookup())
  }

  get sequence(): LlamaContextSequence {
    return this.#sequence
  }

  get chatWrapperName(): string {
    return this.#session.chatWrapper.wrapperName
  }

  /** The exact text (special tokens spelled out) a conversation becomes for this model. */
  renderPrompt(turns: readonly ChatTurn[], systemPrompt: string): string {
    const { history, prompt } = buildChatHistory(turns, systemPrompt)
    return this.#context.model.detokenize(this.#promptTokens(history, prompt, undefined), true)
  }

  /** Runs one generation; every failure, wherever it happens, comes back as GENERATION_FAILED. */
  async generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    try {
      return await this.#generate(request)
    } catch (cause) {
      this.#options.log?.('Generation failed', cause)
      return err('GENERATION_FAILED', `The model stopped with an error: ${errorMessage(cause)}`)
    }
  }

  /** Saves the conversation the sequence holds, where the save policy finds it worth it. */
  saveResident(): Promise<void> {
    return this.#options.keeper.save(this.#sequence)
  }

  /** Saves the resident conversation and releases the sequence. */
  async close(): Promise<void> {
    await this.#options.keeper
      .save(this.#sequence)
      .catch((cause: unknown) =>
        this.#options.log?.('Could not save the conversation state', cause),
      )
    this.#options.keeper.forget()
    this.#session.dispose({ disposeSequence: true })
  }

  async #generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    this.lastTurn = null
    this.#nextTurn = null
    // An API request whose client left while it waited in the queue: nothing to evaluate.
    if (request.signal.aborted) return ok({ text: '', stopReason: 'abort', tokenCount: 0 })
    const grammar = await grammarFor(this.#context.model.llama, request.format)
    if (!grammar.ok) return grammar
    if (this.#options.promptLookup() !== this.#lookup) await this.#reopen(!this.#lookup)
    const planned = this.#plan(request.history, request)
    if (!planned.ok) return planned
    const { plan, history, prompt, tokens } = planned.value
    const { firstTurn, maxTokens } = plan
    const conversationId = request.conversationId ?? null
    let switched = await this.#options.keeper.switchTo(this.#sequence, conversationId, tokens)
    if (switched.sequenceLost) {
      this.#replaceSequence()
      switched = await this.#options.keeper.switchTo(this.#sequence, conversationId, tokens)
    }
    const sequence = this.#sequence
    const reused = sequence.compareContextTokens(tokens.slice()).firstDifferentIndex
    const before = request.sideJob === true ? sequence.contextTokens.slice() : null
    const predictions = { ...sequence.tokenPredictions }
    this.#session.setChatHistory(history)
    let tokenCount = 0
    // Set by the chunk callback, which TypeScript's narrowing does not see: keep the declared type.
    let firstTokenAt = null as number | null
    const started = performance.now()
    const { sampling } = request
    try {
      const result = await this.#session.promptWithMeta(prompt, {
        onTextChunk: request.onTextChunk,
        onToken: (generated) => {
          firstTokenAt ??= performance.now()
          tokenCount += generated.length
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
        ...(grammar.value === undefined ? {} : { grammar: grammar.value }),
        ...(request.stopStrings === undefined || request.stopStrings.length === 0
          ? {}
          : { customStopTriggers: [...request.stopStrings] }),
      })
      const ttftMs = firstTokenAt === null ? null : firstTokenAt - started
      if (ttftMs !== null) this.#options.meter.notePrefill(tokens.length - reused, ttftMs)
      if (
        conversationId !== null &&
        request.sideJob !== true &&
        request.responsePrefix === undefined &&
        result.stopReason === 'eogToken'
      ) {
        this.#nextTurn = {
          conversationId,
          history: [...request.history, { role: 'assistant', text: result.responseText }],
          draft: '',
          systemPrompt: request.systemPrompt,
          maxTokens: request.sampling.maxTokens,
        }
      }
      this.lastTurn = {
        conversationId,
        promptTokens: tokens.length,
        reusedTokens: reused,
        restoredTokens: switched.restoredTokens,
        evictedTokens: 0,
        ttftMs,
        validated: sequence.tokenPredictions.validated - predictions.validated,
        refuted: sequence.tokenPredictions.refuted - predictions.refuted,
      }
      return ok({
        text: result.responseText,
        stopReason: mapStopReason(result.stopReason),
        tokenCount,
        context: {
          contextSize: this.#context.contextSize,
          promptTokens: plan.promptTokens,
          firstTurn,
        },
      })
    } finally {
      if (before !== null) await this.#eraseSideJob(sequence, before)
    }
  }

  /**
   * Idle-time work for the conversation the user is looking at (PrepareRequest): restores its saved
   * state if the sequence does not hold it and restoring beats re-evaluating, then evaluates the
   * draft's settled tokens (those a longer draft still starts with), DRAFT_CHUNK at a time so that
   * a send or any other work queued behind it goes first (`yieldNow`). A sequence that does not
   * hold the conversation is left alone: evaluating it all again is the send's job, not typing's.
   * Returns whether it restored or evaluated anything.
   */
  async prepare(request: PrepareRequest, yieldNow: () => boolean): Promise<boolean> {
    this.#nextTurn = null
    const turns: ChatTurn[] = [...request.history, { role: 'user', text: request.draft }]
    const planned = this.#plan(turns, { ...request, sampling: { maxTokens: request.maxTokens } })
    if (!planned.ok) return false
    const kept = turns.slice(planned.value.plan.firstTurn, -1)
    const render = (text: string): Token[] => {
      const built = buildChatHistory([...kept, { role: 'user', text }], request.systemPrompt)
      return this.#promptTokens(built.history, built.prompt, undefined)
    }
    const { tokens } = planned.value
    const settled = sharedPrefix(tokens, render(`${request.draft}${DRAFT_PROBE}`))
    // The conversation's own tokens: its turns and the opening of the next one.
    const conversation = sharedPrefix(render(''), render(DRAFT_PROBE))
    const switched = await this.#options.keeper.switchIfRestorable(
      this.#sequence,
      request.conversationId,
      tokens,
    )
    if (switched.sequenceLost) {
      this.#replaceSequence()
      return false
    }
    const restored = switched.restoredTokens > 0
    if (!switched.resident) return restored
    const sequence = this.#sequence
    const held = sequence.contextTokens
    const shared = sharedPrefix(held, tokens.slice(0, settled))
    if (shared + MAX_OPENING_TOKENS < conversation) return restored
    if (shared < held.length)
      await sequence.eraseContextTokenRanges([{ start: shared, end: held.length }])
    let at = shared
    while (at < settled && !yieldNow()) {
      const end = Math.min(settled, at + DRAFT_CHUNK)
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(at, end))
      at = end
    }
    return restored || at > shared || shared < held.length
  }

  /**
   * After a finished reply, evaluates the tokens every next message of the conversation starts with
   * (Llama 3: `<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n`, five tokens): `prepare`
   * with an empty draft, on the conversation as the reply left it. Once evaluated, the next message,
   * a title, or the conversation restored from its state file later (the saved state includes them)
   * evaluates only its own text; on this CPU a follow-up's first token came about a quarter sooner
   * (185 to 140 ms on the bench model). The engine runs it as its own task right after the reply's,
   * so the reply ends (chat.done) without waiting for it; a failure only costs the next message
   * those tokens.
   */
  async openNextTurn(): Promise<void> {
    const next = this.#nextTurn
    this.#nextTurn = null
    if (next !== null && !this.#sequence.disposed) await this.prepare(next, () => false)
  }

  /** A finished reply left the next turn's opening to evaluate (`openNextTurn`). */
  get hasNextTurn(): boolean {
    return this.#nextTurn !== null
  }

  /**
   * A side job (a title) ran as a continuation of the conversation: erase what it added so the
   * sequence holds exactly the conversation's tokens again. Only a prompt that diverged inside the
   * conversation (it should not) costs conversation tokens; the report counts them.
   */
  async #eraseSideJob(sequence: LlamaContextSequence, before: readonly Token[]): Promise<void> {
    if (sequence.disposed) return
    const keep = sharedPrefix(sequence.contextTokens, before)
    const end = sequence.contextTokens.length
    if (keep < end) await sequence.eraseContextTokenRanges([{ start: keep, end }])
    if (this.lastTurn !== null) this.lastTurn.evictedTokens = before.length - keep
  }

  /**
   * Our context policy, not node-llama-cpp's silent shift (context-policy.ts): which turns fit with
   * room for the reply, and the exact tokens they render to.
   */
  #plan(
    turns: readonly ChatTurn[],
    request: Pick<GenerateRequest, 'systemPrompt' | 'responsePrefix'> & {
      sampling: Pick<GenerateRequest['sampling'], 'maxTokens'>
    },
  ): Result<{ plan: ContextPlan; history: ChatHistoryItem[]; prompt: string; tokens: Token[] }> {
    const plan = planContext({
      turns,
      contextSize: this.#context.contextSize,
      maxTokens: request.sampling.maxTokens,
      countTokens: (counted) => {
        const built = buildChatHistory(counted, request.systemPrompt)
        return this.#promptTokens(built.history, built.prompt, request.responsePrefix).length
      },
    })
    if (!plan.ok) return plan
    const { history, prompt } = buildChatHistory(
      turns.slice(plan.value.firstTurn),
      request.systemPrompt,
    )
    const tokens = this.#promptTokens(history, prompt, request.responsePrefix)
    return ok({ plan: plan.value, history, prompt, tokens })
  }

  /** A load failed half way: what the sequence holds is unknown, so it is replaced, never saved. */
  #replaceSequence(): void {
    this.#options.keeper.forget()
    this.#session.dispose({ disposeSequence: true })
    this.#open(this.#lookup)
  }

  /** The tokens node-llama-cpp will evaluate for this prompt (it renders them the same way). */
  #promptTokens(
    history: ChatHistoryItem[],
    prompt: string,
    responsePrefix: string | undefined,
  ): Token[] {
    const { contextText } = this.#session.chatWrapper.generateContextState({
      chatHistory: [
        ...history,
        { type: 'user', text: prompt },
        { type: 'model', response: responsePrefix ? [responsePrefix] : [] },
      ],
    })
    return contextText.tokenize(this.#context.model.tokenizer)
  }

  /** Replaces the sequence for a new predictor setting, saving its conversation first. */
  async #reopen(lookup: boolean): Promise<void> {
    await this.close()
    this.#open(lookup)
  }

  #open(lookup: boolean): void {
    this.#sequence = this.#context.getSequence(
      lookup ? { tokenPredictor: promptLookupPredictor() } : {},
    )
    this.#lookup = lookup
    // An empty history replaces the session's default system prompt: the model card uses none.
    this.#session = new LlamaChatSession({ contextSequence: this.#sequence })
    this.#session.setChatHistory([])
  }
}
