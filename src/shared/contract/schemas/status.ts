import { z } from 'zod'
import { AppErrorSchema } from '../errors'

const BackendSchema = z.enum(['CPU', 'CUDA', 'Vulkan', 'Metal'])
export type Backend = z.infer<typeof BackendSchema>

const ModelStateSchema = z.enum(['no-model', 'loading', 'ready', 'error'])
export type ModelState = z.infer<typeof ModelStateSchema>

/** What the status line shows: which model, on which backend, with how many layers on the GPU. */
export const AppStatusSchema = z.object({
  state: ModelStateSchema,
  modelName: z.string().nullable(),
  modelPath: z.string().nullable(),
  backend: BackendSchema.nullable(),
  gpuName: z.string().nullable(),
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().nonnegative(),
  /** The context the loaded model was trained on (the most the context-size setting can use). */
  trainedContextSize: z.number().int().nonnegative().optional(),
  /** GPU memory in use and in total on the device, when a GPU backend is active. */
  vramUsedBytes: z.number().nonnegative().nullable(),
  vramTotalBytes: z.number().nonnegative().nullable(),
  /** Set when the last load failed or fell back (for example to fewer GPU layers). */
  notice: z.string().nullable(),
  /** The remote endpoint the model runs on (its name); absent or null: this computer. */
  endpoint: z.string().nullable().optional(),
  error: AppErrorSchema.nullable(),
})
export type AppStatus = z.infer<typeof AppStatusSchema>
