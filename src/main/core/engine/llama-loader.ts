import { basename } from 'node:path'
import {
  GgufInsights,
  readGgufFileInfo,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { describeFallback, nextGpuLayersAttempt, type GpuLayersRequest } from './gpu-fallback'
import { backendName, loadLlama } from './llama'

export interface LoaderOptions {
  /** CPU threads for evaluation, read at each load. */
  threads: () => number
  /**
   * The context to ask for (the setting, or Llama 3's 8,192); never more than the model was trained
   * on, and less if memory is short.
   */
  contextSize: number
  llama?: () => Promise<Llama>
  log?: (message: string, detail?: unknown) => void
}

/** A model and its context, ready for a chat sequence. */
export interface LoadedModel {
  llama: Llama
  model: LlamaModel
  context: LlamaContext
  /** The status to report for it. */
  status: AppStatus
}

/**
 * Loads a GGUF with `gpuLayers: 'auto'`, stepping down the GPU layers after an out-of-memory
 * failure (gpu-fallback.ts) until the CPU alone runs it, and describes the result as a status.
 */
export async function loadModelWithFallback(
  modelPath: string,
  options: LoaderOptions,
): Promise<Result<LoadedModel>> {
  let llama: Llama
  try {
    llama = await (options.llama ?? loadLlama)()
  } catch (cause) {
    options.log?.('Could not start llama.cpp', cause)
    return err(
      'MODEL_LOAD_FAILED',
      `Hearth could not start its model runtime: ${errorMessage(cause)}`,
    )
  }
  const totalLayers = await readTotalLayers(llama, modelPath)
  if (!totalLayers.ok) return totalLayers
  let request: GpuLayersRequest | null = llama.gpu === false ? 0 : 'auto'
  let lastError: unknown = null
  while (request !== null) {
    try {
      const model = await llama.loadModel({ modelPath, gpuLayers: request })
      let context: LlamaContext
      try {
        context = await model.createContext({
          contextSize: { max: contextSizeFor(model, options.contextSize) },
          threads: options.threads(),
        })
      } catch (cause) {
        await model.dispose()
        throw cause
      }
      const fellBack = request !== 'auto' && request !== 0
      const status = await describeLoaded(llama, model, context, modelPath, fellBack)
      return ok({ llama, model, context, status })
    } catch (cause) {
      lastError = cause
      options.log?.(`Loading ${modelPath} with gpuLayers=${String(request)} failed`, cause)
      request = nextGpuLayersAttempt(request, totalLayers.value, cause)
    }
  }
  return err(
    'MODEL_LOAD_FAILED',
    `Hearth could not load ${basename(modelPath)}: ${errorMessage(lastError)}`,
  )
}

async function describeLoaded(
  llama: Llama,
  model: LlamaModel,
  context: LlamaContext,
  modelPath: string,
  fellBack: boolean,
): Promise<AppStatus> {
  const totalLayers = model.fileInsights.totalLayers
  const gpuNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames().catch(() => [])
  const vram = llama.gpu === false ? null : await llama.getVramState().catch(() => null)
  const name = model.fileInfo.metadata.general?.name
  return {
    state: 'ready',
    modelName: typeof name === 'string' && name.length > 0 ? name : basename(modelPath),
    modelPath,
    backend: backendName(llama.gpu),
    gpuName: gpuNames[0] ?? null,
    gpuLayers: model.gpuLayers,
    totalLayers,
    contextSize: context.contextSize,
    trainedContextSize: model.trainContextSize,
    vramUsedBytes: vram?.used ?? null,
    vramTotalBytes: vram?.total ?? null,
    notice:
      fellBack || model.gpuLayers < totalLayers
        ? describeFallback(model.gpuLayers, totalLayers, llama.gpu !== false)
        : null,
    error: null,
  }
}

/** The context to ask for: what was wanted, never above the context the model was trained on. */
function contextSizeFor(model: LlamaModel, wanted: number): number {
  const trained = model.trainContextSize
  return trained > 0 ? Math.min(wanted, trained) : wanted
}

/**
 * The context settings a saved state depends on: its size, the KV cache's element types, flash
 * attention (it changes the V cache's layout), the backend and the llama.cpp release (the state
 * format is llama.cpp's own).
 */
export function contextKeyOf(llama: Llama, context: LlamaContext): string {
  return JSON.stringify({
    contextSize: context.contextSize,
    kvKey: context.kvCacheKeyType,
    kvValue: context.kvCacheValueType,
    flashAttention: context.flashAttention,
    backend: backendName(llama.gpu),
    llamaCpp: llama.llamaCppRelease.release,
  })
}

/** Reads the GGUF header before loading: a file that is not a GGUF model is refused with a clear message. */
async function readTotalLayers(llama: Llama, modelPath: string): Promise<Result<number>> {
  try {
    const info = await readGgufFileInfo(modelPath, { readTensorInfo: true })
    return ok((await GgufInsights.from(info, llama)).totalLayers)
  } catch (cause) {
    const reason = errorMessage(cause)
    return err(
      'NOT_GGUF',
      `${basename(modelPath)} is not a GGUF model file that Hearth can read (${reason}).`,
    )
  }
}

export function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
