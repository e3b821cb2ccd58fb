import { z } from 'zod'

/** Ids are opaque: UUIDs from main, or hashes; never paths or free text. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)

/**
 * A time in epoch milliseconds that `Date` can hold (ECMAScript's limit is ±8.64e15 ms, the year
 * 275760): a larger one imported from a file made every later export fail (issue 10).
 */
const MAX_TIMESTAMP_MS = 8.64e15
export const TimestampSchema = z.number().int().nonnegative().max(MAX_TIMESTAMP_MS)

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
