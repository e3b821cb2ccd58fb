import { ok } from '../../../shared/contract/result'
import type { ApiService } from '../api-server/api-service'
import type { Handlers } from './dispatch'

/** The `api.*` channels: the local API server's state, its key, and stopping its requests. */
export function apiHandlers({ api }: { api: ApiService }) {
  return {
    'api.status': () => ok(api.status),
    // The key is shown in the window on purpose (the user copies it into a client); never logged.
    'api.key': async () => api.key(),
    'api.regenerateKey': async () => api.regenerateKey(),
    'api.stop': () => ok({ stopped: api.stopRequests() }),
  } satisfies Partial<Handlers>
}
