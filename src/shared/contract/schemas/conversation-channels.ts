import { z } from 'zod'
import { MAX_REQUEST_CHARS } from '../limits'
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

const ExportFormatSchema = z.enum(['json', 'markdown'])
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
/** An import file of up to MAX_REQUEST_CHARS in one request; a larger one goes in parts. */
export const ConversationImportInputSchema = z
  .object({ content: z.string().max(MAX_REQUEST_CHARS) })
  .strict()
export const ConversationImportOutputSchema = ImportReportSchema

/** The largest import file, in characters, sent in parts. */
export const MAX_IMPORT_CHARS = 200_000_000

/**
 * One part of an import file too large for one request (issue 10: a frame is bounded, the file is
 * not). Parts go in order, numbered from 0, under an id the sender picks; the last one imports.
 */
export const ConversationImportPartInputSchema = z
  .object({
    uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    index: z.number().int().min(0).max(MAX_IMPORT_CHARS),
    content: z.string().max(MAX_REQUEST_CHARS),
    last: z.boolean(),
  })
  .strict()
/** `report` is set once the last part arrived and the file was imported. */
export const ConversationImportPartOutputSchema = z.object({
  receivedChars: z.number().int().nonnegative(),
  report: ImportReportSchema.nullable(),
})

/** Sent after any change to the list (create, rename, pin, delete, restore, import, new activity). */
export const ConversationsChangedSchema = z.object({ ids: z.array(IdSchema) })
