import { z } from 'zod'

/**
 * The headless WebSocket protocol: the same contract as IPC, framed as JSON. The renderer sends
 * `invoke`; the server answers `result` with the same id and pushes `event` frames.
 */
export const WireInvokeSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  input: z.unknown(),
})
export type WireInvoke = z.infer<typeof WireInvokeSchema>

const WireResultSchema = z.object({
  type: z.literal('result'),
  id: z.number().int().nonnegative(),
  result: z.unknown(),
})
export type WireResult = z.infer<typeof WireResultSchema>

const WireEventSchema = z.object({
  type: z.literal('event'),
  channel: z.string(),
  payload: z.unknown(),
})
export type WireEvent = z.infer<typeof WireEventSchema>

export const WireServerMessageSchema = z.discriminatedUnion('type', [
  WireResultSchema,
  WireEventSchema,
])
