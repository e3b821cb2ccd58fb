import { z } from 'zod'
import {
  FinishReasonSchema,
  IdSchema,
  ReplyStatsSchema,
  RoleSchema,
  TimestampSchema,
} from './common'
import {
  PresetNameSchema,
  ResolvedSamplingSchema,
  SamplingPresetSchema,
  SamplingValuesSchema,
} from './sampling'

/**
 * A conversation's sampling settings: a built-in preset, or explicit values over the app's (`name`
 * when they came from a saved preset, for display). Null means "use the app's".
 */
export const ConversationSamplingSchema = z.union([
  z.object({ preset: SamplingPresetSchema }).strict(),
  z.object({ values: SamplingValuesSchema, name: PresetNameSchema.optional() }).strict(),
])
export type ConversationSampling = z.infer<typeof ConversationSamplingSchema>

/** A conversation as the history store keeps it (and as it is exported). Times are epoch ms. */
export const StoredConversationSchema = z.object({
  id: IdSchema,
  title: z.string().max(1000),
  pinned: z.boolean(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  systemPrompt: z.string().max(100_000).nullable(),
  sampling: ConversationSamplingSchema.nullable(),
  /** The model file name the conversation last used, for display; null when none was loaded. */
  model: z.string().max(4096).nullable(),
  /** Started from the quick prompt; absent (older exports, older rows) means it was not. */
  quick: z.boolean().optional(),
})
export type StoredConversation = z.infer<typeof StoredConversationSchema>

/**
 * Where a reply's prompt stood against the model's context: how many tokens the prompt took (the
 * template's included), how many the reply added, and the first message the model saw when older
 * ones no longer fitted (null when it saw the whole branch).
 */
const ReplyContextSchema = z.object({
  contextSize: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  replyTokens: z.number().int().nonnegative(),
  firstSeenId: IdSchema.nullable(),
})

/** What a reply was made with: the model, the system prompt and every sampling value. */
export const ReplyGenerationSchema = z.object({
  model: z.string().max(4096).nullable(),
  systemPrompt: z.string().max(100_000),
  sampling: ResolvedSamplingSchema,
  /** The preset or saved preset the values came from, for display; null for custom values. */
  samplingName: z.string().max(100).nullable(),
  /** Where the settings came from: the conversation's own, or the app's defaults. */
  source: z.enum(['conversation', 'app']),
  context: ReplyContextSchema.nullable(),
})
export type ReplyGeneration = z.infer<typeof ReplyGenerationSchema>

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
  createdAt: TimestampSchema,
  finishReason: FinishReasonSchema.nullable(),
  stats: ReplyStatsSchema.nullable(),
  /** How the reply was made; absent or null for user messages and replies from older versions. */
  generation: ReplyGenerationSchema.nullable().optional(),
})
export type StoredMessage = z.infer<typeof StoredMessageSchema>

/**
 * A page of a conversation's messages, oldest first; `before` is the cursor for the older page and
 * `after` the one for the newer page (pages opened around a message have both).
 */
export interface MessagePage {
  messages: StoredMessage[]
  hasMore: boolean
  /** Pass as `before` to get the page of older messages; null when there is none. */
  before: string | null
  /** Newer messages exist beyond this page. */
  hasNewer: boolean
  /** Pass as `after` to get the page of newer messages; null when there is none. */
  after: string | null
}

/** One conversation with (a page of) its messages. */
export interface StoredConversationWithMessages {
  conversation: StoredConversation
  page: MessagePage
}

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
    exportedAt: TimestampSchema,
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

/**
 * What the store (or the settings file) did at start that the user should hear about (shown once,
 * as a notice): `settings-recovered` names the damaged settings copy in `damagedFile`.
 */
export const StoreNoticeSchema = z.object({
  kind: z.enum([
    'restored-from-backup',
    'started-empty',
    'newer-version-read-only',
    'migrated',
    'settings-recovered',
    'settings-unavailable',
  ]),
  message: z.string(),
  /** Where the damaged file was moved, when one was. */
  damagedFile: z.string().nullable(),
  /** The backup that was opened, when one was. */
  backupFile: z.string().nullable(),
})
export type StoreNotice = z.infer<typeof StoreNoticeSchema>
