import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { err, ok, type Result } from '../../../shared/contract/result'
import { parseChatRequest } from './chat-request'
import { answerCompletion, type CompletionDeps } from './chat-completion'
import { invalidRequest, sendError, sendJson, type ApiError } from './openai-errors'
import { checkApiKey, checkOrigin, isLoopbackOrigin } from './request-guard'

/** A model as `GET /v1/models` lists it. */
export interface ApiModel {
  id: string
  /** The model loaded now: the one chat completions run on. */
  loaded: boolean
}

export interface OpenAiServerOptions extends CompletionDeps {
  /** The key clients must send; null refuses every request. */
  apiKey: () => string | null
  /** The loaded model and the installed ones. */
  models: () => Promise<ApiModel[]>
  /** The loaded model's id, or null: read on every chat request, so it never touches the disk. */
  loadedModel: () => string | null
  /** The most bytes a request body may have. */
  maxBodyBytes?: number
}

/** Chat requests are text; 8 MiB holds a long conversation and refuses a runaway upload. */
const MAX_BODY_BYTES = 8 * 1024 * 1024

/** Only this machine reaches the server: it never listens on another interface. */
export const API_HOST = '127.0.0.1'

/**
 * Hearth's OpenAI-compatible server: `GET /v1/models` and `POST /v1/chat/completions` on
 * 127.0.0.1, behind the generated key and the Origin and Host checks. Plain `node:http`: two
 * routes need no framework, and streaming needs the raw response anyway.
 */
export class OpenAiServer {
  readonly #options: OpenAiServerOptions
  #server: Server | null = null

  constructor(options: OpenAiServerOptions) {
    this.#options = options
  }

  /** The port listened on, or null when closed. */
  get port(): number | null {
    const address = this.#server?.address()
    return address !== null && typeof address === 'object' ? address.port : null
  }

  /** Listens on 127.0.0.1:`port` (0: any free port); a port in use is a typed error, never a throw. */
  async listen(port: number): Promise<Result<{ port: number }>> {
    await this.close()
    const server = createServer((req, res) => void this.#handle(req, res))
    const listening = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once('error', resolve)
      server.listen({ host: API_HOST, port }, () => resolve(null))
    })
    if (listening !== null) {
      server.close()
      return err(
        'BUSY',
        listening.code === 'EADDRINUSE'
          ? `Port ${port} is already in use by another program. Choose another port for the API server.`
          : `The API server could not listen on ${API_HOST}:${port} (${listening.code ?? listening.message}).`,
      )
    }
    server.on('error', (cause) => this.#options.log('API server error', cause))
    this.#server = server
    return ok({ port: this.port ?? port })
  }

  /** Stops the requests in flight and closes the server. */
  async close(): Promise<void> {
    const server = this.#server
    this.#server = null
    if (server === null) return
    this.#options.queue.stopAll()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refused = checkOrigin(req)
      if (refused !== null) {
        sendError(res, refused)
        return
      }
      const origin = req.headers.origin
      // A page served from this machine (a local web UI) may call the server from its browser.
      if (origin !== undefined && isLoopbackOrigin(origin)) allowCors(res, origin)
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end()
        return
      }
      const unauthorised = checkApiKey(req, this.#options.apiKey())
      if (unauthorised !== null) {
        sendError(res, unauthorised)
        return
      }
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      if (req.method === 'GET' && path === '/v1/models') {
        await this.#listModels(res)
        return
      }
      if (req.method === 'GET' && path.startsWith('/v1/models/')) {
        await this.#getModel(res, decodeURIComponent(path.slice('/v1/models/'.length)))
        return
      }
      if (path === '/v1/chat/completions') {
        if (req.method !== 'POST') {
          sendError(res, methodNotAllowed(req.method))
          return
        }
        await this.#chatCompletion(req, res)
        return
      }
      sendError(res, {
        status: 404,
        type: 'invalid_request_error',
        param: null,
        code: 'unknown_url',
        message: `Unknown request URL: ${req.method ?? ''} ${path}. Hearth serves GET /v1/models and POST /v1/chat/completions.`,
      })
    } catch (cause) {
      this.#options.log('An API request failed', cause)
      if (!res.headersSent) {
        sendError(res, {
          status: 500,
          type: 'server_error',
          param: null,
          code: null,
          message: 'Hearth could not answer this request.',
        })
      } else res.destroy()
    }
  }

  async #listModels(res: ServerResponse): Promise<void> {
    const models = await this.#options.models()
    sendJson(res, 200, { object: 'list', data: models.map(modelObject) })
  }

  async #getModel(res: ServerResponse, id: string): Promise<void> {
    const model = (await this.#options.models()).find((candidate) => candidate.id === id)
    if (model === undefined) {
      sendError(res, modelNotFound(id, null))
      return
    }
    sendJson(res, 200, modelObject(model))
  }

  async #chatCompletion(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req, this.#options.maxBodyBytes ?? MAX_BODY_BYTES)
    if (!body.ok) {
      sendError(res, body.error)
      return
    }
    const request = parseChatRequest(body.value)
    if ('status' in request) {
      sendError(res, request)
      return
    }
    const loaded = this.#options.loadedModel()
    if (loaded === null) {
      sendError(res, {
        status: 503,
        type: 'server_error',
        param: null,
        code: 'model_not_loaded',
        message: 'No model is loaded in Hearth. Choose a model in Hearth first.',
      })
      return
    }
    if (request.model !== loaded) {
      sendError(res, modelNotFound(request.model, loaded))
      return
    }
    await answerCompletion(this.#options, request, loaded, res)
  }
}

function modelObject(model: ApiModel) {
  return { id: model.id, object: 'model' as const, created: 0, owned_by: 'hearth' }
}

function modelNotFound(id: string, loaded: string | null): ApiError {
  return {
    status: 404,
    type: 'invalid_request_error',
    param: 'model',
    code: 'model_not_found',
    message:
      loaded === null
        ? `The model "${id}" does not exist in Hearth.`
        : `The model "${id}" is not loaded in Hearth. Use "${loaded}" (GET /v1/models lists it), or load that model in Hearth first.`,
  }
}

function methodNotAllowed(method: string | undefined): ApiError {
  return {
    status: 405,
    type: 'invalid_request_error',
    param: null,
    code: 'method_not_allowed',
    message: `${method ?? ''} is not allowed here: use POST.`,
  }
}

function allowCors(res: ServerResponse, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type')
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
}

/** Reads the body as JSON, refusing one over `limit` bytes (413) or one that does not parse (400). */
async function readJson(
  req: IncomingMessage,
  limit: number,
): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > limit) {
      return {
        ok: false,
        error: {
          status: 413,
          type: 'invalid_request_error',
          param: null,
          code: 'request_too_large',
          message: `The request body is over ${limit} bytes.`,
        },
      }
    }
    chunks.push(buffer)
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }
  } catch {
    return {
      ok: false,
      error: invalidRequest(
        'We could not parse the JSON body of your request: send JSON with Content-Type: application/json.',
        null,
        'invalid_json',
      ),
    }
  }
}
