import type { EngineStopReason } from '../engine/engine'

/** OpenAI's finish reasons that Hearth produces. */
export type FinishReason = 'stop' | 'length'

/** The engine's stop reason as OpenAI names it; a stop from the window ends the reply like `stop`. */
export function finishReasonOf(reason: EngineStopReason): FinishReason {
  return reason === 'length' ? 'length' : 'stop'
}

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  }
}

/** What every object of one completion shares: its id, creation time and model. */
export interface CompletionIdentity {
  id: string
  created: number
  model: string
}

/** A whole (non-streamed) chat completion. */
export function completionBody(
  identity: CompletionIdentity,
  text: string,
  finishReason: FinishReason,
  usage: Usage,
) {
  return {
    ...identity,
    object: 'chat.completion' as const,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content: text, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  }
}

/** One streamed chunk: a piece of the reply, or (with `finishReason`) its end. */
export function chunkBody(
  identity: CompletionIdentity,
  delta: { role?: 'assistant'; content?: string },
  finishReason: FinishReason | null = null,
) {
  return {
    ...identity,
    object: 'chat.completion.chunk' as const,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  }
}

/** The last chunk when the client asked for `stream_options.include_usage`: no choices, the usage. */
export function usageChunkBody(identity: CompletionIdentity, usage: Usage) {
  return {
    ...identity,
    object: 'chat.completion.chunk' as const,
    system_fingerprint: null,
    choices: [],
    usage,
  }
}
