import { z } from 'zod'
import { IdSchema } from './common'
import { ImportReportSchema, SearchHitSchema, StoredConversationSchema } from './conversations'

export const ConversationListInputSchema = z
  .object({
    limit: z.number().int().min(1).max(100_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict()
export const ConversationListOutputSchema = z.object({
  conversations: z.array(StoredConversationSchema),
})

export const ConversationCreateInputSchema = z
  .object({ title: z.string().max(200).optional() })
  .strict()

export const ConversationRenameInputSchema = z
  .object({ id: IdSchema, title: z.string().trim().min(1, 'A title cannot be empty.').max(200) })
  .strict()

export const ConversationPinInputSchema = z.object({ id: IdSchema, pinned: z.boolean() }).strict()

export const ConversationIdInputSchema = z.object({ id: IdSchema }).strict()

/** A deleted conversation stays restorable for `undoMs`; after that it is gone for good. */
export const ConversationDeleteOutputSchema = z.object({
  id: IdSchema,
  deletedAt: z.number(),
  undoMs: z.number(),
})

export const ConversationSearchInputSchema = z
  .object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() })
  .strict()
export const ConversationSearchOutputSchema = z.object({ hits: z.array(SearchHitSchema) })

export const ExportFormatSchema = z.enum(['json', 'markdown'])
export const ConversationExportInputSchema = z
  .object({
    ids: z.union([z.array(IdSchema).min(1).max(100_000), z.literal('all')]),
    format: ExportFormatSchema,
  })
  .strict()
export const ConversationExportOutputSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
})

/** The text of a file the user picked; 200 MB of JSON is far beyond any real history. */
export const ConversationImportInputSchema = z
  .object({ content: z.string().max(200_000_000) })
  .strict()
export const ConversationImportOutputSchema = ImportReportSchema

/** Sent after any change to the list (create, rename, pin, delete, restore, import, new activity). */
export const ConversationsChangedSchema = z.object({ ids: z.array(IdSchema) })
