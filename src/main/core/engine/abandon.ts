/**
 * Resolves with `work`, or rejects with the signal's reason once it aborts, leaving `work` behind:
 * a read stuck on a hung network mount cannot be cancelled, only abandoned. Whatever `work`
 * resolves with after that goes to `late` (to dispose a model that loaded too late).
 */
export function abandonOnAbort<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  late: (value: T) => void = () => undefined,
): Promise<T> {
  if (signal === undefined) return work
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const onAbort = () => {
      if (settled) return
      settled = true
      reject(signal.reason)
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        if (settled) late(value)
        else {
          settled = true
          resolve(value)
        }
      },
      (cause: unknown) => {
        signal.removeEventListener('abort', onAbort)
        if (!settled) {
          settled = true
          reject(cause)
        }
      },
    )
  })
}
