import { z } from 'zod'
import type { EventChannel, RequestChannel } from './channel-names'
import {
  BranchSwitchInputSchema,
  ChatContinueInputSchema,
  ChatEditInputSchema,
  ConversationSettingsInputSchema,
  MessageDeleteInputSchema,
  MessageDeleteOutputSchema,
  MessageRestoreInputSchema,
  MessageRestoreOutputSchema,
  ChatRegenerateInputSchema,
  ChatDeltaSchema,
  ChatDoneSchema,
  ChatSendInputSchema,
  ChatSendOutputSchema,
  ChatPrepareInputSchema,
  ChatPrepareOutputSchema,
  ChatStopInputSchema,
  ChatStopOutputSchema,
  ConversationGetInputSchema,
  ConversationWithMessagesSchema,
} from './schemas/chat'
import {
  ConversationCreateInputSchema,
  ConversationDeleteOutputSchema,
  ConversationExportInputSchema,
  ConversationExportOutputSchema,
  ConversationIdInputSchema,
  ConversationImportInputSchema,
  ConversationImportOutputSchema,
  ConversationImportPartInputSchema,
  ConversationImportPartOutputSchema,
  ConversationListInputSchema,
  ConversationListOutputSchema,
  ConversationPinInputSchema,
  ConversationRenameInputSchema,
  ConversationSearchInputSchema,
  ConversationSearchOutputSchema,
  ConversationsChangedSchema,
} from './schemas/conversation-channels'
import { StoredConversationSchema, StoreNoticeSchema } from './schemas/conversations'
import {
  CatalogueOutputSchema,
  DownloadListOutputSchema,
  FitInputSchema,
  FitOutputSchema,
  InstalledModelSchema,
  InstalledOutputSchema,
  ModelDeleteOutputSchema,
  ModelPathInputSchema,
} from './schemas/model-channels'
import { DownloadIdInputSchema, DownloadInputSchema, DownloadStatusSchema } from './schemas/models'
import {
  ApiKeyOutputSchema,
  ApiServerStatusSchema,
  ApiStopOutputSchema,
} from './schemas/api-server'
import {
  RemoteKeyInputSchema,
  RemoteKeyOutputSchema,
  RemoteModelsInputSchema,
  RemoteModelsOutputSchema,
} from './schemas/remote'
import { PublicSettingsSchema, SettingsPatchSchema } from './schemas/settings'
import { EngineProcessSchema } from './schemas/engine-process'
import { AppStatusSchema } from './schemas/status'

const NoInputSchema = z.object({}).strict()

/** What happened at start that the user must know (a damaged history moved aside, for example). */
const NoticesOutputSchema = z.object({ notices: z.array(StoreNoticeSchema) })

/** One row per request channel: what main accepts and what it answers inside `Result.value`. */
export const requests = {
  'app.status': { input: NoInputSchema, output: AppStatusSchema },
  'app.notices': { input: NoInputSchema, output: NoticesOutputSchema },
  'app.engineProcess': { input: NoInputSchema, output: EngineProcessSchema },
  'settings.get': { input: NoInputSchema, output: PublicSettingsSchema },
  'settings.update': { input: SettingsPatchSchema, output: PublicSettingsSchema },
  'chat.send': { input: ChatSendInputSchema, output: ChatSendOutputSchema },
  'chat.stop': { input: ChatStopInputSchema, output: ChatStopOutputSchema },
  'chat.regenerate': { input: ChatRegenerateInputSchema, output: ChatSendOutputSchema },
  'chat.continue': { input: ChatContinueInputSchema, output: ChatSendOutputSchema },
  'chat.edit': { input: ChatEditInputSchema, output: ChatSendOutputSchema },
  'chat.prepare': { input: ChatPrepareInputSchema, output: ChatPrepareOutputSchema },
  'conversations.list': {
    input: ConversationListInputSchema,
    output: ConversationListOutputSchema,
  },
  'conversations.get': {
    input: ConversationGetInputSchema,
    output: ConversationWithMessagesSchema,
  },
  'conversations.create': {
    input: ConversationCreateInputSchema,
    output: StoredConversationSchema,
  },
  'conversations.rename': {
    input: ConversationRenameInputSchema,
    output: StoredConversationSchema,
  },
  'conversations.setPinned': {
    input: ConversationPinInputSchema,
    output: StoredConversationSchema,
  },
  'conversations.delete': {
    input: ConversationIdInputSchema,
    output: ConversationDeleteOutputSchema,
  },
  'conversations.restore': { input: ConversationIdInputSchema, output: StoredConversationSchema },
  'conversations.updateSettings': {
    input: ConversationSettingsInputSchema,
    output: StoredConversationSchema,
  },
  'conversations.switchBranch': {
    input: BranchSwitchInputSchema,
    output: ConversationWithMessagesSchema,
  },
  'conversations.deleteMessage': {
    input: MessageDeleteInputSchema,
    output: MessageDeleteOutputSchema,
  },
  'conversations.restoreMessages': {
    input: MessageRestoreInputSchema,
    output: MessageRestoreOutputSchema,
  },
  'conversations.search': {
    input: ConversationSearchInputSchema,
    output: ConversationSearchOutputSchema,
  },
  'conversations.export': {
    input: ConversationExportInputSchema,
    output: ConversationExportOutputSchema,
  },
  'conversations.import': {
    input: ConversationImportInputSchema,
    output: ConversationImportOutputSchema,
  },
  'conversations.importPart': {
    input: ConversationImportPartInputSchema,
    output: ConversationImportPartOutputSchema,
  },
  'models.catalogue': { input: NoInputSchema, output: CatalogueOutputSchema },
  'models.fit': { input: FitInputSchema, output: FitOutputSchema },
  'models.download': { input: DownloadInputSchema, output: DownloadStatusSchema },
  'models.pause': { input: DownloadIdInputSchema, output: DownloadStatusSchema },
  'models.resume': { input: DownloadIdInputSchema, output: DownloadStatusSchema },
  'models.cancel': { input: DownloadIdInputSchema, output: DownloadStatusSchema },
  'models.downloads': { input: NoInputSchema, output: DownloadListOutputSchema },
  'models.installed': { input: NoInputSchema, output: InstalledOutputSchema },
  'models.addLocal': { input: ModelPathInputSchema, output: InstalledModelSchema },
  'models.activate': { input: ModelPathInputSchema, output: AppStatusSchema },
  'models.delete': { input: ModelPathInputSchema, output: ModelDeleteOutputSchema },
  'api.status': { input: NoInputSchema, output: ApiServerStatusSchema },
  'api.key': { input: NoInputSchema, output: ApiKeyOutputSchema },
  'api.regenerateKey': { input: NoInputSchema, output: ApiKeyOutputSchema },
  'api.stop': { input: NoInputSchema, output: ApiStopOutputSchema },
  'remote.models': { input: RemoteModelsInputSchema, output: RemoteModelsOutputSchema },
  'remote.setKey': { input: RemoteKeyInputSchema, output: RemoteKeyOutputSchema },
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: z.ZodType }>

/** One row per event channel: the payload main sends to every window. */
export const events = {
  'app.statusChanged': AppStatusSchema,
  'app.engineProcess': EngineProcessSchema,
  'chat.delta': ChatDeltaSchema,
  'chat.done': ChatDoneSchema,
  'conversations.changed': ConversationsChangedSchema,
  'models.downloadChanged': DownloadStatusSchema,
  'api.changed': ApiServerStatusSchema,
} as const satisfies Record<EventChannel, z.ZodType>

export type RequestInput<C extends RequestChannel> = z.input<(typeof requests)[C]['input']>
export type ParsedRequestInput<C extends RequestChannel> = z.output<(typeof requests)[C]['input']>
export type RequestOutput<C extends RequestChannel> = z.output<(typeof requests)[C]['output']>
export type EventPayload<E extends EventChannel> = z.output<(typeof events)[E]>

export type { EventChannel, RequestChannel } from './channel-names'
export { REQUEST_CHANNELS, isRequestChannel } from './channel-names'
