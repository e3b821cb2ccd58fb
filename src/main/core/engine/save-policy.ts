/**
 * When a conversation's evaluated state is worth a file, from speeds measured on this machine.
 *
 * The rule: save when restoring the state would spare the user at least MIN_GAIN_MS of waiting
 * AND would take at most half the time re-evaluating it takes:
 *
 *   reevaluateMs = tokens / prefill tokens per second
 *   restoreMs    = tokens * state bytes per token / restore bytes per second (read, verify, load)
 *   save when reevaluateMs - restoreMs >= 250 ms and restoreMs <= reevaluateMs / 2
 *
 * The first condition keeps short conversations and fast GPUs from writing files for a gain no one
 * notices (on an H100 an 8B model evaluates 1,000 tokens in about 110 ms); the second keeps a slow
 * disk from trading a fast re-evaluation for a read that is barely faster. On a CPU every
 * conversation beyond a few dozen tokens qualifies (2,000 tokens took 7.8 s to evaluate and 21 ms
 * to load on the generated bench model). Until a speed has been measured, Hearth saves: losing a
 * state costs more than writing one.
 */
export const MIN_GAIN_MS = 250

/** Speeds measured on this machine; null until the first measurement. */
export interface MeasuredSpeeds {
  prefillTokensPerSecond: number | null
  /** State size per token (from the last saves: it depends only on the model and context). */
  stateBytesPerToken: number | null
  /** Reading, checking and loading a state. */
  restoreBytesPerSecond: number | null
}

/** Milliseconds the rule expects for re-evaluating and for restoring `tokens` tokens. */
function estimateMs(
  tokens: number,
  speeds: MeasuredSpeeds,
): { reevaluateMs: number; restoreMs: number } | null {
  const { prefillTokensPerSecond, stateBytesPerToken, restoreBytesPerSecond } = speeds
  if (
    prefillTokensPerSecond === null ||
    stateBytesPerToken === null ||
    restoreBytesPerSecond === null
  )
    return null
  return {
    reevaluateMs: (tokens / prefillTokensPerSecond) * 1000,
    restoreMs: ((tokens * stateBytesPerToken) / restoreBytesPerSecond) * 1000,
  }
}

/** Whether a state covering `tokens` tokens is worth saving (and, later, restoring). */
export function worthKeeping(
  tokens: number,
  speeds: MeasuredSpeeds,
  minGainMs: number = MIN_GAIN_MS,
): boolean {
  if (tokens <= 0) return false
  const estimate = estimateMs(tokens, speeds)
  if (estimate === null) return true
  const { reevaluateMs, restoreMs } = estimate
  return reevaluateMs - restoreMs >= minGainMs && restoreMs <= reevaluateMs / 2
}

/**
 * Whether loading a state file of `bytes` beats evaluating the `sparedTokens` it would spare. The
 * file exists already, so any gain counts; unknown speeds count as a gain.
 */
export function worthRestoring(
  sparedTokens: number,
  bytes: number,
  speeds: MeasuredSpeeds,
): boolean {
  if (sparedTokens <= 0) return false
  const { prefillTokensPerSecond, restoreBytesPerSecond } = speeds
  if (prefillTokensPerSecond === null || restoreBytesPerSecond === null) return true
  return bytes / restoreBytesPerSecond < sparedTokens / prefillTokensPerSecond
}

/** Smoothing of the running averages: recent measurements count most, one outlier little. */
const WEIGHT = 0.3
/** Shorter prompts measure the fixed cost of a call more than the speed of evaluating. */
const MIN_PREFILL_SAMPLE_TOKENS = 32

/** Keeps the running speeds the rule needs. */
export class SpeedMeter {
  #speeds: MeasuredSpeeds = {
    prefillTokensPerSecond: null,
    stateBytesPerToken: null,
    restoreBytesPerSecond: null,
  }

  get speeds(): MeasuredSpeeds {
    return { ...this.#speeds }
  }

  /** `tokens` prompt tokens were evaluated before the first new token, in `ms`. */
  notePrefill(tokens: number, ms: number): void {
    if (tokens < MIN_PREFILL_SAMPLE_TOKENS || ms <= 0) return
    this.#speeds.prefillTokensPerSecond = blend(
      this.#speeds.prefillTokensPerSecond,
      (tokens / ms) * 1000,
    )
  }

  noteSave(tokens: number, bytes: number): void {
    if (tokens <= 0 || bytes <= 0) return
    this.#speeds.stateBytesPerToken = blend(this.#speeds.stateBytesPerToken, bytes / tokens)
  }

  noteRestore(bytes: number, ms: number): void {
    if (bytes <= 0 || ms <= 0) return
    this.#speeds.restoreBytesPerSecond = blend(
      this.#speeds.restoreBytesPerSecond,
      (bytes / ms) * 1000,
    )
  }
}

function blend(previous: number | null, next: number): number {
  return previous === null ? next : previous * (1 - WEIGHT) + next * WEIGHT
}
