import type { FitReport, Quant, QuantFit } from '../../../shared/contract/schemas/models'
import { formatBytes } from '../../../shared/format-bytes'

/** The context Hearth opens by default: Llama 3's trained context. */
export const DEFAULT_CONTEXT_SIZE = 8192

/** Llama 3 8B: 32 blocks plus the output layer, as llama.cpp counts GPU layers. */
export const LLAMA3_8B_LAYERS = 33

// Llama 3 8B's KV cache per token in f16: K and V × 32 layers × 8 KV heads × 128 dims × 2 bytes.
const LLAMA3_8B_KV_BYTES_PER_TOKEN = 2 * 32 * 8 * 128 * 2
// Compute buffers and scratch; node-llama-cpp's own estimate for this shape is about 0.55 GB.
const COMPUTE_OVERHEAD_BYTES = 560_000_000
/** Left for the OS, the app and the renderer, never counted as model memory. */
const RAM_HEADROOM_BYTES = 2_000_000_000
/** Left for the desktop and the driver on the GPU. */
const VRAM_HEADROOM_BYTES = 500_000_000

/** Memory figures for this machine, injected so the decision is a pure function. */
export interface MachineMemory {
  /** RAM the model may use (total RAM is a fair input: the OS pages other apps out). */
  ramBytes: number
  /** Free VRAM on the GPU node-llama-cpp would use; 0 without a GPU. */
  vramBytes: number
}

/** What one quant needs: weights, and KV cache plus compute buffers at the context size. */
export interface QuantNeed {
  quant: Quant
  modelBytes: number
  contextBytes: number
  totalLayers: number
}

/** For a quant not downloaded yet: weights ≈ file size, plus an 8B Llama 3's KV cache. */
export function estimateNeedFromSize(
  quant: Quant,
  fileBytes: number,
  contextSize = DEFAULT_CONTEXT_SIZE,
): QuantNeed {
  return {
    quant,
    modelBytes: fileBytes,
    contextBytes: LLAMA3_8B_KV_BYTES_PER_TOKEN * contextSize + COMPUTE_OVERHEAD_BYTES,
    totalLayers: LLAMA3_8B_LAYERS,
  }
}

/** Classify one quant against this machine's memory. */
export function classifyFit(need: QuantNeed, memory: MachineMemory): QuantFit {
  const total = need.modelBytes + need.contextBytes
  const ram = Math.max(0, memory.ramBytes - RAM_HEADROOM_BYTES)
  const vram = Math.max(0, memory.vramBytes - VRAM_HEADROOM_BYTES)
  const layers = need.totalLayers
  const base = { quant: need.quant, neededBytes: total, totalLayers: layers }
  if (vram >= total) {
    return { ...base, fit: 'gpu', gpuLayers: layers, label: 'Fits on the GPU' }
  }
  // Each offloaded layer takes its weights and its share of the KV cache; compute buffers stay.
  const kvBytes = Math.max(0, need.contextBytes - COMPUTE_OVERHEAD_BYTES)
  const perLayer = (need.modelBytes + kvBytes) / layers
  const gpuLayers = Math.max(
    0,
    Math.min(layers - 1, Math.floor((vram - COMPUTE_OVERHEAD_BYTES) / perLayer)),
  )
  const onCpu = total - gpuLayers * perLayer
  if (onCpu > ram) {
    return {
      ...base,
      fit: 'too-large',
      gpuLayers: 0,
      label: `Too large for this computer (needs about ${formatBytes(total)})`,
    }
  }
  if (gpuLayers > 0) {
    return {
      ...base,
      fit: 'partial',
      gpuLayers,
      label: `Partly on the GPU (${gpuLayers} of ${layers} layers)`,
    }
  }
  return { ...base, fit: 'cpu', gpuLayers: 0, label: 'CPU only' }
}

/** Best quality first: the catalogue's order. */
const QUALITY: readonly Quant[] = ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_K_S', 'IQ4_XS']

/**
 * Fit every quant and pick one. The default (Q4_K_M) is recommended when it fits on the GPU;
 * otherwise a smaller quant that does fit on the GPU (full offload is worth more speed than the
 * small quality step); otherwise the default if it fits in memory at all; otherwise the largest
 * smaller quant that fits. Larger quants are never picked for the user: they are shown with
 * their fit, but a bigger download is the user's choice.
 */
export function decideFit(
  needs: readonly QuantNeed[],
  memory: MachineMemory,
  contextSize = DEFAULT_CONTEXT_SIZE,
  defaultQuant: Quant = 'Q4_K_M',
): FitReport {
  const fits = [...needs]
    .sort((a, b) => QUALITY.indexOf(a.quant) - QUALITY.indexOf(b.quant))
    .map((need) => classifyFit(need, memory))
  const at = QUALITY.indexOf(defaultQuant)
  const notLarger = fits.filter((f) => QUALITY.indexOf(f.quant) >= at)
  const pick =
    notLarger.find((f) => f.quant === defaultQuant && f.fit === 'gpu') ??
    notLarger.find((f) => f.fit === 'gpu') ??
    notLarger.find((f) => f.quant === defaultQuant && f.fit !== 'too-large') ??
    notLarger.find((f) => f.fit !== 'too-large')
  return {
    contextSize,
    ramBytes: memory.ramBytes,
    vramBytes: memory.vramBytes,
    quants: fits,
    recommended: pick?.quant ?? null,
  }
}
