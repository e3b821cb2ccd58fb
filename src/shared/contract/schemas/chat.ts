import { z } from 'zod'
import { AppErrorSchema } from '../errors'

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)

export const RoleSchema = z.enum(['user', 'assistant'])
export type Role = z.infer<typeof RoleSchema>

/** Why a reply ended: `interrupted` is a reply cut off by a crash, found at the next start. */
export const FinishReasonSchema = z.enum(['done', 'length', 'stopped', 'interrupted', 'error'])
export type FinishReason = z.infer<typeof FinishReasonSchema>

export const ReplyStatsSchema = z.object({
  ttftMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  tokenCount: z.number().int().nonnegative(),
})
export type ReplyStats = z.infer<typeof ReplyStatsSchema>

export const MessageSchema = z.object({
  id: IdSchema,
  conversationId: IdSchema,
  role: RoleSchema,
  text: z.string(),
  createdAt: z.number(),
  finishReason: FinishReasonSchema.nullable(),
  stats: ReplyStatsSchema.nullable(),
})
export type Message = z.infer<typeof MessageSchema>

export const ConversationSchema = z.object({
  id: IdSchema,
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Conversation = z.infer<typeof ConversationSchema>

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

export const ConversationGetInputSchema = z.object({ id: IdSchema }).strict()
export const ConversationWithMessagesSchema = z.object({
  conversation: ConversationSchema,
  messages: z.array(MessageSchema),
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
