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
import { checkModelFile } from '../files/model-file'

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
  /** Aborts the header read and llama.cpp's load (the engine's load timeout, or shutdown). */
  signal?: AbortSignal
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
  // A FIFO, a device or a folder is refused here, before llama.cpp or the GGUF reader opens it.
  const file = await checkModelFile(modelPath)
  if (!file.ok) return file
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
  const totalLayers = await readTotalLayers(llama, modelPath, options)
  if (!totalLayers.ok) return totalLayers
  let request: GpuLayersRequest | null = llama.gpu === false ? 0 : 'auto'
  while (request !== null) {
    try {
      const model = await llama.loadModel({
        modelPath,
        gpuLayers: request,
        ...(options.signal === undefined ? {} : { loadSignal: options.signal }),
      })
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
      options.log?.(`Loading ${modelPath} with gpuLayers=${String(request)} failed`, cause)
      if (options.signal?.aborted === true) break
      request = nextGpuLayersAttempt(request, totalLayers.value, cause)
    }
  }
  // llama.cpp's own text names paths and internals: it goes to the log, the user gets what to do.
  return err(
    'MODEL_LOAD_FAILED',
    `Hearth could not load ${basename(modelPath)}: the file may be damaged or incomplete, or this computer may not have enough memory for it. Details are in the log.`,
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
  // The header comes from a file on disk: its metadata may lack what the types promise.
  const general = model.fileInfo.metadata.general as { name?: unknown } | undefined
  const name = general?.name
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
async function readTotalLayers(
  llama: Llama,
  modelPath: string,
  options: Pick<LoaderOptions, 'signal' | 'log'>,
): Promise<Result<number>> {
  try {
    const info = await readGgufFileInfo(modelPath, {
      readTensorInfo: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    return ok((await GgufInsights.from(info, llama)).totalLayers)
  } catch (cause) {
    // The reader's message quotes the file's first bytes (issue 10: `root` from /etc/passwd).
    options.log?.(`Reading the GGUF header of ${modelPath} failed`, cause)
    return err(
      'NOT_GGUF',
      `${basename(modelPath)} is not a GGUF model file that Hearth can read. Choose a .gguf model file.`,
    )
  }
}

export function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
