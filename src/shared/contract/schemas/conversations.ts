import { z } from 'zod'
import { FinishReasonSchema, IdSchema, ReplyStatsSchema, RoleSchema } from './common'
import { SamplingPresetSchema } from './settings'

/** Explicit sampling values for one conversation; any value left out takes the preset's. */
export const SamplingValuesSchema = z
  .object({
    temperature: z.number().min(0).max(5),
    topP: z.number().min(0).max(1),
    topK: z.number().int().min(0).max(1000),
    minP: z.number().min(0).max(1),
    repeatPenalty: z.number().min(0).max(5),
    maxTokens: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().nonnegative(),
  })
  .partial()
  .strict()
export type SamplingValues = z.infer<typeof SamplingValuesSchema>

/** A conversation's sampling settings: a named preset, or explicit values. Null means "use the app's". */
export const ConversationSamplingSchema = z.union([
  z.object({ preset: SamplingPresetSchema }).strict(),
  z.object({ values: SamplingValuesSchema }).strict(),
])
export type ConversationSampling = z.infer<typeof ConversationSamplingSchema>

/** A conversation as the history store keeps it (and as it is exported). Times are epoch ms. */
export const StoredConversationSchema = z.object({
  id: IdSchema,
  title: z.string().max(1000),
  pinned: z.boolean(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  systemPrompt: z.string().max(100_000).nullable(),
  sampling: ConversationSamplingSchema.nullable(),
  /** The model file name the conversation last used, for display; null when none was loaded. */
  model: z.string().max(4096).nullable(),
})
export type StoredConversation = z.infer<typeof StoredConversationSchema>

/**
 * A message as the history store keeps it. `parentId` links regenerate/edit branches: a regenerated
 * reply has the same parent (the user message) as the reply it replaces. `finishReason` is null for
 * user messages and for a reply still streaming.
 */
export const StoredMessageSchema = z.object({
  id: IdSchema,
  conversationId: IdSchema,
  role: RoleSchema,
  text: z.string(),
  parentId: IdSchema.nullable(),
  createdAt: z.number().int().nonnegative(),
  finishReason: FinishReasonSchema.nullable(),
  stats: ReplyStatsSchema.nullable(),
})
export type StoredMessage = z.infer<typeof StoredMessageSchema>

/** A page of a conversation's messages, oldest first; `before` is the cursor for the older page. */
export const MessagePageSchema = z.object({
  messages: z.array(StoredMessageSchema),
  hasMore: z.boolean(),
  /** Pass as `before` to get the page of older messages; null when there is none. */
  before: IdSchema.nullable(),
})
export type MessagePage = z.infer<typeof MessagePageSchema>

/** One conversation with (a page of) its messages. */
export const StoredConversationWithMessagesSchema = z.object({
  conversation: StoredConversationSchema,
  page: MessagePageSchema,
})
export type StoredConversationWithMessages = z.infer<typeof StoredConversationWithMessagesSchema>

/**
 * Search snippets mark each hit between these two control characters (STX/ETX), never HTML: the
 * renderer splits on them and wraps the parts in `<mark>` elements itself, so a message containing
 * markup can never be injected. The store keeps the markers balanced (start, end, start, end…).
 */
export const SNIPPET_MARK_START = '\u0002'
export const SNIPPET_MARK_END = '\u0003'

export const SearchHitSchema = z.object({
  conversationId: IdSchema,
  /** Null when the hit is in the conversation's title. */
  messageId: IdSchema.nullable(),
  conversationTitle: z.string(),
  /** Text around the hit, with hits between SNIPPET_MARK_START and SNIPPET_MARK_END. */
  snippet: z.string(),
})
export type SearchHit = z.infer<typeof SearchHitSchema>

/** A conversation inside an export file: its settings and every message, branches included. */
export const ExportedConversationSchema = StoredConversationSchema.extend({
  messages: z.array(StoredMessageSchema.omit({ conversationId: true })),
}).strict()
export type ExportedConversation = z.infer<typeof ExportedConversationSchema>

/** Hearth's JSON export file. `version` changes when the shape does; importers check it first. */
export const ExportFileSchema = z
  .object({
    format: z.literal('hearth-conversations'),
    version: z.literal(1),
    exportedAt: z.number().int().nonnegative(),
    conversations: z.array(ExportedConversationSchema),
  })
  .strict()
export type ExportFile = z.infer<typeof ExportFileSchema>

/** What an import did; ids that already existed got new ones (nothing is ever overwritten). */
export const ImportReportSchema = z.object({
  imported: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  /** Conversations whose id was already taken and were imported under a new id. */
  renamedIds: z.array(z.object({ from: IdSchema, to: IdSchema })),
  /** Conversations identical to one already stored (same id, same messages), left out. */
  skipped: z.array(IdSchema),
})
export type ImportReport = z.infer<typeof ImportReportSchema>

/** What the store did at start that the user should hear about (shown once, as a notice). */
export const StoreNoticeSchema = z.object({
  kind: z.enum(['restored-from-backup', 'started-empty', 'newer-version-read-only', 'migrated']),
  message: z.string(),
  /** Where the damaged file was moved, when one was. */
  damagedFile: z.string().nullable(),
  /** The backup that was opened, when one was. */
  backupFile: z.string().nullable(),
})
export type StoreNotice = z.infer<typeof StoreNoticeSchema>
