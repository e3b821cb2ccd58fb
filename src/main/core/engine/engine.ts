import type { Result } from '../../../shared/contract/result'
import type { AppStatus } from '../../../shared/contract/schemas/status'

/** One turn of the conversation as the engine sees it (the system prompt travels apart). */
export interface ChatTurn {
  role: 'user' | 'assistant'
  text: string
}

/** Sampling as node-llama-cpp takes it; `repeatPenalty: false` turns node-llama-cpp's default 1.1 off. */
export interface SamplingOptions {
  temperature: number
  topK: number
  topP: number
  repeatPenalty: false | { penalty: number; lastTokens: number }
  maxTokens: number
  seed?: number
  /** Min-p sampling; left out or 0 is off. */
  minP?: number
}

export interface GenerateRequest {
  /** The conversation so far, ending with the user's turn that is to be answered. */
  history: readonly ChatTurn[]
  /** Empty: no system block at all, as the model card uses it. */
  systemPrompt: string
  sampling: SamplingOptions
  signal: AbortSignal
  /** Text the reply already has (continuing a stopped reply): the model carries on after it. */
  responsePrefix?: string
  /** Called with each piece of decoded text as soon as the model produces it. */
  onTextChunk: (text: string) => void
  /**
   * The conversation this prompt continues. The local engine keeps that conversation's evaluated
   * state under it (and saves it when it leaves it), so coming back does not evaluate it all again.
   * Absent for work that belongs to no conversation (the API server).
   */
  conversationId?: string
  /**
   * Work on the side of the conversation (its title): the history is the conversation's plus a
   * request, answered as a continuation of its evaluated state, and what it adds is erased after,
   * so the conversation's prefix stays evaluated.
   */
  sideJob?: boolean
  /** Text that ends the reply where it appears (the API's `stop`); it is left out of the reply. */
  stopStrings?: readonly string[]
  /** Constrains the reply to JSON (the API's `response_format`). */
  format?: ReplyFormat
}

/**
 * The user is looking at a conversation and may be typing its next message: the engine may get its
 * evaluated state ready (restore it from the state cache) and evaluate the draft's text so far, so
 * that sending it costs only what is left. Never more than that: a conversation that would have to
 * be evaluated from its text again is left for the send.
 */
export interface PrepareRequest {
  conversationId: string
  /** The conversation's shown branch, as the next send will continue it. */
  history: readonly ChatTurn[]
  /** What the composer holds now (may be empty). */
  draft: string
  systemPrompt: string
  /** The reply's token limit, so the context plan matches the send's. */
  maxTokens: number
}

/**
 * A reply constrained to JSON: any JSON object, or one that matches a JSON schema (node-llama-cpp
 * turns the schema into a grammar, so the reply parses and matches by construction).
 */
export type ReplyFormat =
  { kind: 'json-object' } | { kind: 'json-schema'; schema: Readonly<Record<string, unknown>> }

/** Why the engine stopped: an end-of-generation token, the token limit, or the user's stop. */
export type EngineStopReason = 'eos' | 'length' | 'abort'

/** Where the prompt stood against the context (engines that count tokens report it). */
export interface PromptContext {
  contextSize: number
  /** Tokens of the prompt as evaluated, the chat template's included. */
  promptTokens: number
  /** Index in the request's `history` of the first turn the model saw (0: all of them). */
  firstTurn: number
}

export interface GenerateOutcome {
  text: string
  stopReason: EngineStopReason
  tokenCount: number
  /** Set by engines that measure the prompt and apply the context policy (context-policy.ts). */
  context?: PromptContext
}

/**
 * What the chat service needs from a model runtime. `LlamaEngine` is the real one; the tests'
 * `ScriptedEngine` (test-support/) answers exact text on cue for UI cases that need a precise reply.
 */
export interface Engine {
  getStatus(): AppStatus
  onStatusChange(listener: (status: AppStatus) => void): () => void
  /** Loads the model at `modelPath` (or unloads with null), replacing any loaded one. */
  load(modelPath: string | null): Promise<Result<AppStatus>>
  generate(request: GenerateRequest): Promise<Result<GenerateOutcome>>
  /**
   * Idle-time work for a conversation the user is looking at (see PrepareRequest); resolves false
   * when the engine was busy or had nothing to do. Engines without local state leave it out.
   */
  prepare?(request: PrepareRequest): Promise<boolean>
  dispose(): Promise<void>
}

export const NO_MODEL_STATUS: AppStatus = {
  state: 'no-model',
  modelName: null,
  modelPath: null,
  backend: null,
  gpuName: null,
  gpuLayers: 0,
  totalLayers: 0,
  contextSize: 0,
  vramUsedBytes: null,
  vramTotalBytes: null,
  notice: null,
  error: null,
}
