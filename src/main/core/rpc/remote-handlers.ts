import { ok } from '../../../shared/contract/result'
import { listRemoteModels } from '../engine/remote/list-models'
import { endpointKeyName, type SecretStore } from '../settings/secrets'
import type { Handlers } from './dispatch'

export interface RemoteHandlerDeps {
  secrets: SecretStore
  /** Applies the engine choice again (a key changed: the remote engine is rebuilt with it). */
  engineChoiceChanged: () => Promise<void>
  log?: (message: string, detail?: unknown) => void
}

/** The `remote.*` channels: asking a server for its models, and its key (write-only). */
export function remoteHandlers({ secrets, engineChoiceChanged, log }: RemoteHandlerDeps) {
  return {
    'remote.models': async ({ baseUrl, apiKey, endpointId }) => {
      const saved = endpointId === undefined ? null : secrets.get(endpointKeyName(endpointId))
      const key = apiKey === undefined || apiKey === '' ? saved : apiKey
      return listRemoteModels(baseUrl, key, log === undefined ? {} : { log })
    },
    'remote.setKey': async ({ endpointId, key }) => {
      const value = key === null || key.trim() === '' ? null : key.trim()
      const saved = await secrets.set(endpointKeyName(endpointId), value)
      if (!saved.ok) return saved
      await engineChoiceChanged()
      return ok({ keySet: value !== null })
    },
  } satisfies Partial<Handlers>
}
