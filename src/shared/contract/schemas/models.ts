import { z } from 'zod'
import { AppErrorSchema } from '../errors'
import { IdSchema } from './common'

/** The quantisations Hearth offers, best quality first. */
export const QuantSchema = z.enum(['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_K_S', 'IQ4_XS'])
export type Quant = z.infer<typeof QuantSchema>

const CatalogueQuantSchema = z.object({
  quant: QuantSchema,
  /** Hugging Face repository, `owner/name`. */
  repo: z.string(),
  /** File path inside the repository. */
  file: z.string(),
  /** For display only; the real size and sha256 are read from Hugging Face at download time. */
  approxBytes: z.number().int().positive(),
})
export type CatalogueQuant = z.infer<typeof CatalogueQuantSchema>

export const CatalogueEntrySchema = z.object({
  id: IdSchema,
  displayName: z.string(),
  description: z.string(),
  licence: z.string(),
  licenceUrl: z.string(),
  defaultQuant: QuantSchema,
  quants: z.array(CatalogueQuantSchema),
})
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>

/** What the user asked to download: a catalogue quant, or a `hf:owner/repo/file.gguf` source. */
export const DownloadInputSchema = z.union([
  z.object({ modelId: IdSchema, quant: QuantSchema }).strict(),
  z.object({ source: z.string().min(1).max(1024) }).strict(),
])
export type DownloadInput = z.infer<typeof DownloadInputSchema>

export const DownloadIdInputSchema = z.object({ downloadId: IdSchema }).strict()

/**
 * Where a download stands. `verifying` is hashing bytes already on disk (a resumed part or an
 * existing file); `paused` keeps the part for a later resume; `done` means the sha256 matched.
 */
const DownloadPhaseSchema = z.enum([
  'checking',
  'verifying',
  'downloading',
  'paused',
  'done',
  'error',
  'cancelled',
])
export type DownloadPhase = z.infer<typeof DownloadPhaseSchema>

export const DownloadStatusSchema = z.object({
  downloadId: IdSchema,
  /** `LLaMA3-iterative-DPO-final Q4_K_M` or the file name for a user source. */
  name: z.string(),
  repo: z.string(),
  file: z.string(),
  phase: DownloadPhaseSchema,
  bytesDone: z.number().nonnegative(),
  /** Null until Hugging Face has answered with the real size. */
  totalBytes: z.number().nonnegative().nullable(),
  bytesPerSecond: z.number().nonnegative(),
  /** Null while the speed is unknown or zero. */
  secondsLeft: z.number().nonnegative().nullable(),
  /** The verified model file, set only in phase `done`. */
  path: z.string().nullable(),
  error: AppErrorSchema.nullable(),
  /** A passing word while the download waits, e.g. "Hugging Face asked us to wait 30 s". */
  notice: z.string().nullable().optional(),
})
export type DownloadStatus = z.infer<typeof DownloadStatusSchema>

const FitClassSchema = z.enum(['gpu', 'partial', 'cpu', 'too-large'])

const QuantFitSchema = z.object({
  quant: QuantSchema,
  fit: FitClassSchema,
  /** Model weights plus KV cache and compute buffers at the context size. */
  neededBytes: z.number().nonnegative(),
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().positive(),
  /** For the UI: "Fits on the GPU", "Partly on the GPU (20 of 33 layers)", "CPU only"... */
  label: z.string(),
})
export type QuantFit = z.infer<typeof QuantFitSchema>

export const FitReportSchema = z.object({
  contextSize: z.number().int().positive(),
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
  quants: z.array(QuantFitSchema),
  /** Null when no quant fits in this machine's memory. */
  recommended: QuantSchema.nullable(),
})
export type FitReport = z.infer<typeof FitReportSchema>
