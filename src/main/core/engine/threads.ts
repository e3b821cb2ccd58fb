import { availableParallelism } from 'node:os'

/**
 * CPU threads for evaluation: the cores this process may really use, never more. On a 2-core
 * machine node-llama-cpp's default of 4 threads was measured about 500 times slower than 1 thread,
 * because oversubscribed threads spin-wait on each other. `availableParallelism` respects affinity
 * masks and container CPU limits, where `cpus().length` does not.
 */
export function pickThreadCount(
  requested: number | null,
  available: number = availableParallelism(),
): number {
  const usable = Math.max(1, Math.floor(available))
  if (requested === null) return usable
  return Math.max(1, Math.min(Math.floor(requested), usable))
}
