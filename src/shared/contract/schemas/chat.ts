import { z } from 'zod'
import { AppErrorSchema } from '../errors'
import { FinishReasonSchema, IdSchema, ReplyStatsSchema } from './common'
import {
  StoredConversationSchema,
  StoredMessageSchema,
  type StoredConversation,
  type StoredMessage,
} from './conversations'

export { FinishReasonSchema, IdSchema, ReplyStatsSchema, RoleSchema } from './common'
export type { FinishReason, ReplyStats, Role } from './common'

/** A message as the renderer sees it: the store's shape, with `parentId` for branches. */
export const MessageSchema = StoredMessageSchema
export type Message = StoredMessage

export const ConversationSchema = StoredConversationSchema
export type Conversation = StoredConversation

export const MAX_PROMPT_CHARS = 100_000

export const ChatSendInputSchema = z
  .object({
    /** Omitted: a new conversation is started. */
    conversationId: IdSchema.optional(),
    text: z.string().trim().min(1, 'Type a message first.').max(MAX_PROMPT_CHARS),
  })
  .strict()

export const ChatSendOutputSchema = z.object({
  conversationId: IdSchema,
  userMessageId: IdSchema,
  assistantMessageId: IdSchema,
  generationId: IdSchema,
})

export const ChatStopInputSchema = z.object({ generationId: IdSchema }).strict()
export const ChatStopOutputSchema = z.object({ stopped: z.boolean() })

export const ConversationGetInputSchema = z
  .object({
    id: IdSchema,
    /** How many of the newest messages (default 200). */
    limit: z.number().int().min(1).max(1000).optional(),
    /** Cursor from a previous page's `before`, for older messages. */
    before: IdSchema.optional(),
  })
  .strict()
export const ConversationWithMessagesSchema = z.object({
  conversation: ConversationSchema,
  /** Oldest first. */
  messages: z.array(MessageSchema),
  hasMore: z.boolean(),
  before: IdSchema.nullable(),
  /** The generation still streaming into this conversation, if any. */
  activeGenerationId: IdSchema.nullable(),
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
