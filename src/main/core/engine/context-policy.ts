import { err, ok, type Result } from '../../../shared/contract/result'
import type { ChatTurn } from './engine'

/**
 * Hearth's context policy, applied before every reply instead of node-llama-cpp's context shift
 * (which silently drops the oldest turns once the context is full, even mid-reply):
 *
 * 1. Room for the reply: the reply's token limit, but at most a quarter of the context, is kept free.
 * 2. The system prompt and the newest turn (the message being answered, with any text the reply
 *    already has) always stay. If they alone leave less than that room, nothing is generated: the
 *    message gets a CONTEXT_OVERFLOW error that says so.
 * 3. Older turns are kept newest first, whole exchanges at a time (a user message with the replies
 *    after it), as long as the prompt, measured in tokens with the chat template, leaves that room.
 * 4. The reply may then use what is left of the context but never more (its token limit is lowered
 *    to fit), so node-llama-cpp never has to shift the context while it writes.
 */
export interface ContextPlanInput {
  /** The conversation, oldest first, ending with the user turn to answer. */
  turns: readonly ChatTurn[]
  contextSize: number
  /** The reply's token limit (the sampling's `maxTokens`). */
  maxTokens: number
  /**
   * Tokens of the whole prompt (system prompt, these turns and any response prefix, in the model's
   * chat template) as the engine would evaluate it. Fewer turns must never give more tokens.
   */
  countTokens: (turns: readonly ChatTurn[]) => number
}

/** What the policy decided. */
export interface ContextPlan {
  /** Index in `turns` of the first turn the model sees; 0 when it sees them all. */
  firstTurn: number
  /** Tokens of the prompt that will be evaluated. */
  promptTokens: number
  /** The reply's token limit, lowered where the context has less room. */
  maxTokens: number
}

/** node-llama-cpp shifts the context once the next token index reaches `contextSize - 1`. */
const LIBRARY_RESERVED_TOKENS = 1

/** The room kept free for the reply (rule 1). */
export function replyRoom(contextSize: number, maxTokens: number): number {
  return Math.max(1, Math.min(maxTokens, Math.floor(contextSize / 4)))
}

/** Applies the policy above; an error when the newest turn alone does not fit (rule 2). */
export function planContext(input: ContextPlanInput): Result<ContextPlan> {
  const { turns, contextSize, maxTokens, countTokens } = input
  const last = turns.length - 1
  if (last < 0 || turns[last]?.role !== 'user') {
    throw new Error('planContext needs a conversation that ends with a user turn')
  }
  const room = replyRoom(contextSize, maxTokens)
  const budget = contextSize - LIBRARY_RESERVED_TOKENS - room
  const counted = new Map<number, number>()
  const tokensFrom = (start: number): number => {
    let tokens = counted.get(start)
    if (tokens === undefined) {
      tokens = countTokens(turns.slice(start))
      counted.set(start, tokens)
    }
    return tokens
  }

  const newestOnly = tokensFrom(last)
  if (newestOnly > budget)
    return err('CONTEXT_OVERFLOW', overflowMessage(newestOnly, room, contextSize))

  // Where an exchange starts: the model sees whole exchanges, never a reply without its question.
  const starts = turns.flatMap((turn, index) => (turn.role === 'user' ? [index] : []))
  // Most conversations fit whole: one render says so. (A token is about four characters of prose;
  // this only orders the probes, the count itself decides.)
  const characters = turns.reduce((sum, turn) => sum + turn.text.length, 0)
  const oldest = starts[0] ?? last
  if (characters <= budget * 4 && tokensFrom(oldest) <= budget) {
    return ok(planFrom(oldest, tokensFrom(oldest), maxTokens, contextSize))
  }
  const firstTurn =
    starts[firstFitting(starts.length, (k) => tokensFrom(starts[k] ?? last) <= budget)] ?? last
  return ok(planFrom(firstTurn, tokensFrom(firstTurn), maxTokens, contextSize))
}

/** The plan for a prompt from `firstTurn` (rule 4: the reply gets what is left, no more). */
function planFrom(
  firstTurn: number,
  promptTokens: number,
  maxTokens: number,
  contextSize: number,
): ContextPlan {
  return {
    firstTurn,
    promptTokens,
    maxTokens: Math.min(maxTokens, contextSize - LIBRARY_RESERVED_TOKENS - promptTokens),
  }
}

/**
 * The smallest k in [0, n) with fits(k), given that fits(n - 1) holds and fits is monotonic. It
 * probes from the newest end outwards (1, 2, 4… exchanges back) and then bisects, so a long
 * history is never rendered whole just to learn that most of it cannot fit.
 */
function firstFitting(n: number, fits: (k: number) => boolean): number {
  let good = n - 1
  let step = 1
  let bad = -1
  while (good > 0) {
    const probe = Math.max(0, good - step)
    if (fits(probe)) {
      good = probe
      step *= 2
    } else {
      bad = probe
      break
    }
  }
  while (good - bad > 1) {
    const middle = Math.floor((good + bad) / 2)
    if (fits(middle)) good = middle
    else bad = middle
  }
  return good
}

function overflowMessage(tokens: number, room: number, contextSize: number): string {
  return (
    `This message needs about ${tokens.toLocaleString('en')} tokens with the system prompt, and a ` +
    `reply needs ${room.toLocaleString('en')} more: that is more than this model's context of ` +
    `${contextSize.toLocaleString('en')} tokens. Shorten the message or split it into parts, or ` +
    'raise the context size in Settings.'
  )
}
