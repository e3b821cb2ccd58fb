import OpenAI from 'openai'
import { err, ok, type Result } from '../../../../shared/contract/result'
import { remoteError } from './remote-errors'

/** Listing models is a quick question: a server that takes longer is as good as unreachable. */
const LIST_TIMEOUT_MS = 15_000

/**
 * The model ids an OpenAI-compatible server lists at GET /v1/models, asked only when the user adds
 * or edits that endpoint in Models.
 */
export async function listRemoteModels(
  baseUrl: string,
  apiKey: string | null,
  options: { fetch?: typeof fetch; log?: (message: string, detail?: unknown) => void } = {},
): Promise<Result<{ models: string[] }>> {
  const client = new OpenAI({
    apiKey: apiKey ?? 'none',
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: LIST_TIMEOUT_MS,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  try {
    const models = await client.models.list()
    return ok({ models: models.data.map((model) => model.id) })
  } catch (cause) {
    options.log?.('Listing a remote endpoint’s models failed', cause)
    const error = remoteError(cause, { name: 'The server', baseUrl, modelId: '' })
    return err(error.code, error.message)
  }
}
