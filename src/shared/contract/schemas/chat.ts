import { z } from 'zod'
import { AppErrorSchema } from '../errors'
import { FinishReasonSchema, IdSchema, ReplyStatsSchema } from './common'
import {
  ConversationSamplingSchema,
  StoredConversationSchema,
  StoredMessageSchema,
  type StoredConversation,
  type StoredMessage,
} from './conversations'

export { FinishReasonSchema, RoleSchema } from './common'
export type { FinishReason, ReplyStats, Role } from './common'

/** A message as the renderer sees it: the store's shape, with `parentId` for branches. */
const MessageSchema = StoredMessageSchema
export type Message = StoredMessage

const ConversationSchema = StoredConversationSchema
export type Conversation = StoredConversation

const MAX_PROMPT_CHARS = 100_000

export const ChatSendInputSchema = z
  .object({
    /** Omitted: a new conversation is started. */
    conversationId: IdSchema.optional(),
    text: z.string().trim().min(1, 'Type a message first.').max(MAX_PROMPT_CHARS),
    /** With no conversation id: the new conversation comes from the quick prompt. */
    quick: z.boolean().optional(),
  })
  .strict()

export const ChatSendOutputSchema = z.object({
  conversationId: IdSchema,
  userMessageId: IdSchema,
  assistantMessageId: IdSchema,
  generationId: IdSchema,
})

/**
 * The user is looking at a conversation, maybe typing its next message: the core may get the model
 * ready for it while it is idle (restore the conversation's saved state, evaluate the draft so far).
 * Trimmed as `chat.send` trims, so the draft's tokens are the ones the send will have.
 */
export const ChatPrepareInputSchema = z
  .object({
    conversationId: IdSchema,
    draft: z.string().trim().max(MAX_PROMPT_CHARS),
  })
  .strict()

/**
 * `preparing`: handed to the engine, which does it only if it is idle when its turn comes (false: a
 * reply is being written, no model is ready, or the engine keeps no state, as a remote one).
 */
export const ChatPrepareOutputSchema = z.object({ preparing: z.boolean() })

export const ChatStopInputSchema = z.object({ generationId: IdSchema }).strict()
export const ChatStopOutputSchema = z.object({ stopped: z.boolean() })

/**
 * A page of the branch a conversation shows: the newest by default, or the page just older than
 * `before`, just newer than `after`, or `around` one message (a search hit: when that message is on
 * another branch, the conversation switches to it). At most one cursor.
 */
export const ConversationGetInputSchema = z
  .object({
    id: IdSchema,
    /** How many messages (default 200). */
    limit: z.number().int().min(1).max(1000).optional(),
    /** Cursor from a previous page's `before`, for older messages. */
    before: IdSchema.optional(),
    /** Cursor from a previous page's `after`, for newer messages. */
    after: IdSchema.optional(),
    /** A message to centre the page on. */
    around: IdSchema.optional(),
  })
  .strict()
  .refine(
    (input) => [input.before, input.after, input.around].filter((c) => c !== undefined).length <= 1,
    'Ask for one page at a time: before, after or around a message.',
  )
/**
 * The context as the model saw it for the newest reply of the shown branch: tokens used (prompt and
 * reply) of the context, and where older messages fell out of its view (null: it saw them all).
 */
const ConversationContextSchema = z.object({
  usedTokens: z.number().int().nonnegative(),
  contextSize: z.number().int().nonnegative(),
  /** The first message the model saw; the ones before it are beyond what it can see. */
  firstSeenId: IdSchema.nullable(),
})
export type ConversationContext = z.infer<typeof ConversationContextSchema>

export const ConversationWithMessagesSchema = z.object({
  conversation: ConversationSchema,
  /** The shown branch, oldest first. */
  messages: z.array(MessageSchema),
  /** Older messages exist; `before` fetches them. */
  hasMore: z.boolean(),
  before: IdSchema.nullable(),
  /** Newer messages exist (a page opened before or around a message); `after` fetches them. */
  hasNewer: z.boolean(),
  after: IdSchema.nullable(),
  /** The generation still streaming into this conversation, if any. */
  activeGenerationId: IdSchema.nullable(),
  /**
   * Messages of the shown branch that have alternatives (edits, regenerated replies): each maps to
   * all of its siblings' ids, itself included, oldest first.
   */
  branches: z.record(IdSchema, z.array(IdSchema)).optional(),
  /** Null until a reply in this branch recorded its context (or with an engine that cannot count). */
  context: ConversationContextSchema.nullable().optional(),
})
export type ConversationWithMessages = z.infer<typeof ConversationWithMessagesSchema>

/** A batch of streamed text; `seq` counts from 0 per generation so a gap can be detected. */
export const ChatDeltaSchema = z.object({
  generationId: IdSchema,
  seq: z.number().int().nonnegative(),
  text: z.string(),
})
export type ChatDelta = z.infer<typeof ChatDeltaSchema>

/** Sent after the final text is saved. */
export const ChatDoneSchema = z.object({
  generationId: IdSchema,
  conversationId: IdSchema,
  assistantMessageId: IdSchema,
  finishReason: FinishReasonSchema,
  text: z.string(),
  stats: ReplyStatsSchema.nullable(),
  error: AppErrorSchema.nullable(),
})
export type ChatDone = z.infer<typeof ChatDoneSchema>

/** Regenerate a reply: a new branch under the same user message; the old reply is kept. */
export const ChatRegenerateInputSchema = z.object({ assistantMessageId: IdSchema }).strict()

/** Continue a reply that was stopped or interrupted by a crash: the model picks up where it ended. */
export const ChatContinueInputSchema = z.object({ assistantMessageId: IdSchema }).strict()

/** Edit a user message and send it again: a new branch beside the old one, which stays. */
export const ChatEditInputSchema = z
  .object({
    messageId: IdSchema,
    text: z.string().trim().min(1, 'Type a message first.').max(MAX_PROMPT_CHARS),
  })
  .strict()

/** Show another branch: `messageId` (one of a message's siblings) and its newest continuation. */
export const BranchSwitchInputSchema = z.object({ messageId: IdSchema }).strict()

/** A conversation's own system prompt and sampling; null returns a field to the app's settings. */
export const ConversationSettingsInputSchema = z
  .object({
    id: IdSchema,
    systemPrompt: z.string().max(16_000).nullable().optional(),
    sampling: ConversationSamplingSchema.nullable().optional(),
  })
  .strict()

export const MessageDeleteInputSchema = z.object({ messageId: IdSchema }).strict()

/** A message and what followed it were deleted; `undoId` brings them back for `undoMs`. */
export const MessageDeleteOutputSchema = z.object({
  conversationId: IdSchema,
  undoId: IdSchema,
  deleted: z.number().int().nonnegative(),
  undoMs: z.number(),
})

export const MessageRestoreInputSchema = z.object({ undoId: IdSchema }).strict()
export const MessageRestoreOutputSchema = z.object({
  conversationId: IdSchema,
  restored: z.number().int().nonnegative(),
})
