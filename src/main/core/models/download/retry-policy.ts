import { setTimeout as sleep } from 'node:timers/promises'
import { MAX_RETRY_AFTER_MS } from './hub-client'

/** Bounded retries with exponential backoff for dropped connections, 5xx and 429. */
export interface RetryPolicy {
  /** Consecutive failed attempts (without any new bytes) before giving up. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** The longest a `Retry-After` is honoured at once (default 5 min). */
  maxRetryAfterMs: number
  /** How many `Retry-After` waits in a row before giving up (they do not count as attempts). */
  maxRetryAfterWaits: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  maxRetryAfterWaits: 20,
}

/** The n-th failure's delay: doubling from `baseDelayMs`, capped, with jitter. */
function backoff(policy: RetryPolicy, failures: number): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1))
  return Math.round(base * (0.5 + Math.random() * 0.5))
}

/** What the user sees while Hearth honours a Retry-After. */
function waitNotice(waitMs: number): string {
  return `Hugging Face asked us to wait ${Math.ceil(waitMs / 1000)} s`
}

/**
 * Wait as the server asked (capped, with a notice for the user while waiting), or back off.
 * Aborting the signal ends the wait with an AbortError.
 */
export async function waitBeforeRetry(
  policy: RetryPolicy,
  failures: number,
  waitMs: number | undefined,
  signal: AbortSignal,
  notice: (text: string | null) => void,
): Promise<void> {
  if (waitMs === undefined) return sleep(backoff(policy, failures), undefined, { signal })
  notice(waitNotice(waitMs))
  try {
    await sleep(Math.min(waitMs, policy.maxRetryAfterMs), undefined, { signal })
  } finally {
    notice(null)
  }
}
