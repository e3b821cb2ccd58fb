import { getLlama, type Llama } from 'node-llama-cpp'
import type { Backend } from '../../../shared/contract/schemas/status'

let shared: Promise<Llama> | null = null

/**
 * The process-wide llama.cpp binding. `gpu: 'auto'` picks CUDA, Vulkan or Metal where a prebuilt
 * binary and a device exist and falls back to the CPU build; `build: 'never'` because an app must not
 * try to compile llama.cpp on a user's machine (and CI sets NODE_LLAMA_CPP_SKIP_DOWNLOAD).
 */
export function loadLlama(): Promise<Llama> {
  shared ??= getLlama({ gpu: 'auto', build: 'never', progressLogs: false }).catch(
    (cause: unknown) => {
      shared = null
      throw cause
    },
  )
  return shared
}

export function backendName(gpu: Llama['gpu']): Backend {
  switch (gpu) {
    case false:
      return 'CPU'
    case 'cuda':
      return 'CUDA'
    case 'vulkan':
      return 'Vulkan'
    case 'metal':
      return 'Metal'
    default:
      return gpu satisfies never
  }
}
