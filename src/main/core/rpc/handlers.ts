import { ok } from '../../../shared/contract/result'
import { needsReload, publicSettings } from '../../../shared/contract/schemas/settings'
import type { StoreNotice } from '../../../shared/contract/schemas/conversations'
import type { ChatService } from '../chat/chat-service'
import type { Engine } from '../engine/engine'
import type { CoreEvents } from '../events'
import type { SettingsFile } from '../settings/settings-file'
import type { HistoryStore } from '../store/history-store'
import type { ModelService } from '../models/model-service'
import type { ApiService } from '../api-server/api-service'
import { apiHandlers } from './api-handlers'
import { remoteHandlers, type RemoteHandlerDeps } from './remote-handlers'
import { branchHandlers } from './branch-handlers'
import { conversationHandlers } from './conversation-handlers'
import type { Handlers } from './dispatch'
import { modelHandlers } from './model-handlers'

export interface HandlerDeps extends RemoteHandlerDeps {
  engine: Engine
  chat: ChatService
  store: HistoryStore
  events: CoreEvents
  settings: SettingsFile
  models: ModelService
  api: ApiService
  notices: () => StoreNotice[]
  /**
   * Called after settings change in a way that needs the model reloaded: with true (a new model
   * path) the settings' model replaces the loaded one, with false the loaded one is reloaded.
   */
  reloadModel: (adoptSettingsModel: boolean) => void
  /** Called after every settings change: the API server and the engine choice follow at once. */
  afterSettingsChange: () => Promise<void>
}

/** The request handlers: thin, each delegating to the service that owns the work. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...chatHandlers(deps),
    ...conversationHandlers(deps),
    ...branchHandlers(deps),
    ...modelHandlers(deps),
    ...apiHandlers(deps),
    ...remoteHandlers(deps),
  }
}

function appHandlers({ engine, settings, notices, reloadModel, afterSettingsChange }: HandlerDeps) {
  return {
    'app.status': () => ok(engine.getStatus()),
    'app.notices': () => ok({ notices: notices() }),
    // In its own process the core is running by definition; the shell's supervisor answers this
    // itself (and says when the core is restarting or stopped).
    'app.engineProcess': () =>
      ok({ state: 'running' as const, message: null, logFolder: null, restarts: 0 }),
    // The token never crosses the wire: the renderer sees only whether one is set.
    'settings.get': () => ok(publicSettings(settings.current)),
    'settings.update': async (patch) => {
      const before = settings.current
      const result = await settings.update(patch)
      if (!result.ok) return result
      // Threads and context size are fixed when the model loads: a change reloads it at once.
      if (needsReload(before, result.value)) {
        reloadModel(result.value.modelPath !== before.modelPath)
      }
      // The API server and the engine choice follow at once; a port in use shows in its status.
      await afterSettingsChange()
      return ok(publicSettings(result.value))
    },
  } satisfies Partial<Handlers>
}

function chatHandlers({ chat }: HandlerDeps) {
  return {
    'chat.send': (input) => chat.send(input),
    'chat.stop': ({ generationId }) => chat.stop(generationId),
    'chat.prepare': (input) => chat.prepare(input),
    'chat.regenerate': ({ assistantMessageId }) => chat.regenerate(assistantMessageId),
    'chat.continue': ({ assistantMessageId }) => chat.continue(assistantMessageId),
  } satisfies Partial<Handlers>
}
