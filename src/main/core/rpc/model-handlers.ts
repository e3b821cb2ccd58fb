import { ok } from '../../../shared/contract/result'
import type { ModelService } from '../models/model-service'
import type { Handlers } from './dispatch'

/** The `models.*` channels: thin, each delegating to the model service. */
export function modelHandlers({ models }: { models: ModelService }) {
  return {
    'models.catalogue': () => ok(models.catalogue()),
    'models.fit': async ({ modelId }) => models.fit(modelId),
    'models.download': (input) => models.download(input),
    'models.pause': async ({ downloadId }) => models.downloads.pause(downloadId),
    'models.resume': ({ downloadId }) => models.downloads.resume(downloadId),
    'models.cancel': async ({ downloadId }) => models.downloads.cancel(downloadId),
    'models.downloads': () => ok({ downloads: models.downloads.list() }),
    'models.installed': async () => ok({ models: await models.installed() }),
    'models.addLocal': async ({ path }) => models.addLocal(path),
    'models.activate': async ({ path }) => models.activate(path),
    'models.delete': async ({ path }) => models.delete(path),
  } satisfies Partial<Handlers>
}
