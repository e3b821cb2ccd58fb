/** What to ask node-llama-cpp for: 'auto' lets it fit as many layers as the free VRAM allows. */
export type GpuLayersRequest = 'auto' | number

/**
 * Errors that mean "this did not fit in memory", as opposed to a broken file. node-llama-cpp throws
 * `InsufficientMemoryError` when its own estimate says no; llama.cpp and the GPU drivers report
 * allocation failures in their own words, which reach us as plain messages.
 */
export function isOutOfMemoryError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (
    error.name === 'InsufficientMemoryError' ||
    error.constructor.name === 'InsufficientMemoryError'
  )
    return true
  return /insufficient memory|out of memory|failed to allocate|not enough (?:v)?ram|outofdevicememory|cudaMalloc|unable to allocate/i.test(
    error.message,
  )
}

/**
 * The next GPU layer count to try after a load failed, or null to give up. The ladder is: 'auto',
 * then half of the layers that were on the GPU (or half of all layers), halving again, then 0 (CPU
 * only). Only out-of-memory failures walk the ladder; any other error would fail again the same way.
 */
export function nextGpuLayersAttempt(
  failed: GpuLayersRequest,
  totalLayers: number,
  error: unknown,
): GpuLayersRequest | null {
  if (!isOutOfMemoryError(error)) return null
  if (failed === 0) return null
  const tried = failed === 'auto' ? totalLayers : failed
  const half = Math.floor(tried / 2)
  return half >= 1 && half < tried ? half : 0
}

/** A sentence for the status line when the model did not load as asked. */
export function describeFallback(
  gpuLayers: number,
  totalLayers: number,
  gpuAvailable: boolean,
): string | null {
  if (!gpuAvailable) return null
  if (gpuLayers === 0)
    return 'Not enough GPU memory for this model: it runs on the CPU, which is slower.'
  if (gpuLayers < totalLayers) {
    return `Not enough GPU memory for the whole model: ${gpuLayers} of ${totalLayers} layers are on the GPU, the rest on the CPU.`
  }
  return null
}
