import { z } from 'zod'
import { CatalogueEntrySchema, DownloadStatusSchema, FitReportSchema, QuantSchema } from './models'
import { IdSchema } from './common'

export const CatalogueOutputSchema = z.object({
  entries: z.array(CatalogueEntrySchema),
  defaultModelId: IdSchema,
})

export const FitInputSchema = z.object({ modelId: IdSchema }).strict()
export const FitOutputSchema = FitReportSchema

export const DownloadListOutputSchema = z.object({ downloads: z.array(DownloadStatusSchema) })

/** A model file Hearth knows: downloaded and verified, or a local file the user added. */
export const InstalledModelSchema = z.object({
  path: z.string(),
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  quant: QuantSchema.nullable(),
  repo: z.string().nullable(),
  /** The model loaded now (or being loaded). */
  active: z.boolean(),
})
export type InstalledModel = z.infer<typeof InstalledModelSchema>

export const InstalledOutputSchema = z.object({ models: z.array(InstalledModelSchema) })

export const ModelPathInputSchema = z.object({ path: z.string().min(1).max(4096) }).strict()

export const ModelDeleteOutputSchema = z.object({ deleted: z.boolean() })
