import { ok } from '../../../shared/contract/result'
import type { StoreNotice } from '../../../shared/contract/schemas/conversations'
import type { ChatService } from '../chat/chat-service'
import type { Engine } from '../engine/engine'
import type { CoreEvents } from '../events'
import type { SettingsFile } from '../settings/settings-file'
import type { HistoryStore } from '../store/history-store'
import { conversationHandlers } from './conversation-handlers'
import type { Handlers } from './dispatch'
import { notYet } from './not-yet'

export interface HandlerDeps {
  engine: Engine
  chat: ChatService
  store: HistoryStore
  events: CoreEvents
  settings: SettingsFile
  notices: () => StoreNotice[]
  /** Called after settings change in a way that needs the model reloaded. */
  reloadModel: () => void
}

/** The request handlers: thin, each delegating to the service that owns the work. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...chatHandlers(deps),
    ...conversationHandlers(deps),
    ...modelHandlers(),
  }
}

function appHandlers({ engine, settings, notices, reloadModel }: HandlerDeps) {
  return {
    'app.status': async () => ok(engine.getStatus()),
    'app.notices': async () => ok({ notices: notices() }),
    'settings.get': async () => ok(settings.current),
    'settings.update': async (patch) => {
      const before = settings.current
      const result = await settings.update(patch)
      if (
        result.ok &&
        (result.value.modelPath !== before.modelPath || result.value.threads !== before.threads)
      ) {
        reloadModel()
      }
      return result
    },
  } satisfies Partial<Handlers>
}

function chatHandlers({ chat }: HandlerDeps) {
  return {
    'chat.send': async (input) => chat.send(input),
    'chat.stop': async ({ generationId }) => chat.stop(generationId),
    'chat.regenerate': async ({ assistantMessageId }) => chat.regenerate(assistantMessageId),
    'chat.continue': async ({ assistantMessageId }) => chat.continue(assistantMessageId),
  } satisfies Partial<Handlers>
}

function modelHandlers() {
  return {
    'models.catalogue': () => notYet('The model catalogue'),
    'models.fit': () => notYet('The fit estimate'),
    'models.download': () => notYet('Downloading a model'),
    'models.pause': () => notYet('Pausing a download'),
    'models.resume': () => notYet('Resuming a download'),
    'models.cancel': () => notYet('Cancelling a download'),
    'models.downloads': () => notYet('The download list'),
    'models.installed': () => notYet('The installed models'),
    'models.addLocal': () => notYet('Adding a local model'),
    'models.activate': () => notYet('Switching models'),
    'models.delete': () => notYet('Deleting a model'),
  } satisfies Partial<Handlers>
}
