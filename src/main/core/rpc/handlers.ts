import { ok } from '../../../shared/contract/result'
import type { ChatService } from '../chat/chat-service'
import type { Engine } from '../engine/engine'
import type { SettingsFile } from '../settings/settings-file'
import type { Handlers } from './dispatch'

export interface HandlerDeps {
  engine: Engine
  chat: ChatService
  settings: SettingsFile
  /** Called after settings change in a way that needs the model reloaded. */
  reloadModel: () => void
}

/** The request handlers: thin, each delegating to the service that owns the work. */
export function createHandlers({ engine, chat, settings, reloadModel }: HandlerDeps): Handlers {
  return {
    'app.status': async () => ok(engine.getStatus()),
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
    'chat.send': async (input) => chat.send(input),
    'chat.stop': async ({ generationId }) => chat.stop(generationId),
    'conversations.get': async ({ id }) => chat.getConversation(id),
  }
}
