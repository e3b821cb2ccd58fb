import { err, type Result } from '../../shared/contract/result'

/** Requests one window may have unanswered at once; the headless WebSocket allows as many. */
const MAX_IN_FLIGHT_PER_WINDOW = 32

const TOO_MANY_MESSAGE =
  'Too many requests at once: Hearth answers this one when earlier ones finish. Try again.'

/**
 * The IPC bridge's bound on requests in flight per window (issue 10): a page that floods the
 * bridge gets BUSY at once instead of queuing work without end in the core.
 */
export function createRequestLimiter(max = MAX_IN_FLIGHT_PER_WINDOW) {
  const inFlight = new Map<number, number>()
  return async function limited<T>(
    sender: number,
    task: () => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const count = inFlight.get(sender) ?? 0
    if (count >= max) return err('BUSY', TOO_MANY_MESSAGE)
    inFlight.set(sender, count + 1)
    try {
      return await task()
    } finally {
      const left = (inFlight.get(sender) ?? 1) - 1
      if (left === 0) inFlight.delete(sender)
      else inFlight.set(sender, left)
    }
  }
}
