import { z } from 'zod'
import type { EventChannel, RequestChannel } from './channel-names'
import {
  ChatDeltaSchema,
  ChatDoneSchema,
  ChatSendInputSchema,
  ChatSendOutputSchema,
  ChatStopInputSchema,
  ChatStopOutputSchema,
  ConversationGetInputSchema,
  ConversationWithMessagesSchema,
} from './schemas/chat'
import { SettingsPatchSchema, SettingsSchema } from './schemas/settings'
import { AppStatusSchema } from './schemas/status'

const NoInputSchema = z.object({}).strict()

/** One row per request channel: what main accepts and what it answers inside `Result.value`. */
export const requests = {
  'app.status': { input: NoInputSchema, output: AppStatusSchema },
  'settings.get': { input: NoInputSchema, output: SettingsSchema },
  'settings.update': { input: SettingsPatchSchema, output: SettingsSchema },
  'chat.send': { input: ChatSendInputSchema, output: ChatSendOutputSchema },
  'chat.stop': { input: ChatStopInputSchema, output: ChatStopOutputSchema },
  'conversations.get': {
    input: ConversationGetInputSchema,
    output: ConversationWithMessagesSchema,
  },
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: z.ZodType }>

/** One row per event channel: the payload main sends to every window. */
export const events = {
  'app.statusChanged': AppStatusSchema,
  'chat.delta': ChatDeltaSchema,
  'chat.done': ChatDoneSchema,
} as const satisfies Record<EventChannel, z.ZodType>

export type RequestInput<C extends RequestChannel> = z.input<(typeof requests)[C]['input']>
export type ParsedRequestInput<C extends RequestChannel> = z.output<(typeof requests)[C]['input']>
export type RequestOutput<C extends RequestChannel> = z.output<(typeof requests)[C]['output']>
export type EventPayload<E extends EventChannel> = z.output<(typeof events)[E]>

export type { EventChannel, RequestChannel } from './channel-names'
export { EVENT_CHANNELS, REQUEST_CHANNELS, isEventChannel, isRequestChannel } from './channel-names'
