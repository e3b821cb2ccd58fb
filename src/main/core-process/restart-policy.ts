/** A core that crashes this many times within the window is not restarted again. */
const MAX_CRASHES_IN_WINDOW = 3
export const CRASH_WINDOW_MS = 60_000

/**
 * After a crash at `now` (already in `crashTimes`): restart, or give up so a core that dies at
 * every start (a broken GPU driver, a model that aborts llama.cpp) never restarts in a loop.
 */
export function decideAfterCrash(
  crashTimes: readonly number[],
  now: number,
): 'restart' | 'give-up' {
  const recent = crashTimes.filter((time) => now - time < CRASH_WINDOW_MS)
  return recent.length >= MAX_CRASHES_IN_WINDOW ? 'give-up' : 'restart'
}
