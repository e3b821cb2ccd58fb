import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import { ok, type Result } from '../../../shared/contract/result'
import type { ApiServerStatus } from '../../../shared/contract/schemas/api-server'
import type { InstalledModel } from '../../../shared/contract/schemas/model-channels'
import { SAMPLING_PRESET_VALUES } from '../../../shared/contract/schemas/sampling'
import type { Settings } from '../../../shared/contract/schemas/settings'
import type { Engine } from '../engine/engine'
import type { SecretStore } from '../settings/secrets'
import type { FinishedCompletion } from './chat-completion'
import { API_HOST, OpenAiServer, type ApiModel } from './openai-server'
import { RequestQueue } from './request-queue'

export interface ApiServiceOptions {
  engine: Engine
  secrets: SecretStore
  settings: () => Settings
  installed: () => Promise<InstalledModel[]>
  /** Called whenever what the window shows changes (listening, an error, requests in flight). */
  onChange: (status: ApiServerStatus) => void
  /** Called with each finished request when the user keeps API conversations in the history. */
  keep?: (finished: FinishedCompletion, model: string) => void
  log: (message: string, detail?: unknown) => void
  /** API requests in flight at most (one running, the rest waiting); beyond it, 429. */
  queueLimit?: number
}

/** One running and three waiting: enough for an editor's parallel requests, bounded all the same. */
const API_QUEUE_LIMIT = 4

/** A client refused by a full queue is asked to come back after this many seconds. */
const RETRY_AFTER_SECONDS = 2

/** A model file's API id: its file name without `.gguf`, as the user sees it in the Models screen. */
function modelIdOf(path: string): string {
  return basename(path).replace(/\.gguf$/i, '')
}

/**
 * The API server as the app runs it: started and stopped by the settings, with its key generated
 * once and kept in the secret store. Requests share the window's engine; the window sees how many
 * are in flight and can stop them.
 */
export class ApiService {
  readonly #options: ApiServiceOptions
  readonly #queue: RequestQueue
  readonly #server: OpenAiServer
  #error: string | null = null
  /** The port and switch the server last started with, so only a change restarts it. */
  #applied: { enabled: boolean; port: number } = { enabled: false, port: 0 }
  #applying: Promise<void> = Promise.resolve()

  constructor(options: ApiServiceOptions) {
    this.#options = options
    this.#queue = new RequestQueue(options.queueLimit ?? API_QUEUE_LIMIT, () => this.#changed())
    this.#server = new OpenAiServer({
      engine: options.engine,
      queue: this.#queue,
      defaults: () => SAMPLING_PRESET_VALUES['model-card'],
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      apiKey: () => options.secrets.get('apiServerKey'),
      models: () => this.#models(),
      loadedModel: () => {
        const path = this.#loadedPath()
        return path === null ? null : modelIdOf(path)
      },
      log: options.log,
      onFinished: (finished) => {
        if (options.settings().apiKeepHistory) options.keep?.(finished, finished.request.model)
      },
    })
  }

  get status(): ApiServerStatus {
    const { apiServerEnabled, apiServerPort } = this.#options.settings()
    const port = this.#server.port
    return {
      enabled: apiServerEnabled,
      port: port ?? apiServerPort,
      listening: port !== null,
      baseUrl: port === null ? null : `http://${API_HOST}:${port}/v1`,
      error: this.#error,
      requests: this.#queue.activity.requests,
    }
  }

  /** Starts, restarts or stops the server to match the settings; one change at a time. */
  apply(): Promise<void> {
    this.#applying = this.#applying.then(() => this.#apply())
    return this.#applying
  }

  /** The key clients send, generated on first use. */
  async key(): Promise<Result<{ key: string }>> {
    const existing = this.#options.secrets.get('apiServerKey')
    if (existing !== null) return ok({ key: existing })
    return this.regenerateKey()
  }

  /** Replaces the key: clients with the old one are refused from now on. */
  async regenerateKey(): Promise<Result<{ key: string }>> {
    const key = `hearth-${randomBytes(24).toString('base64url')}`
    const saved = await this.#options.secrets.set('apiServerKey', key)
    if (!saved.ok) return saved
    return ok({ key })
  }

  /** Stops every API request in flight (the window's Stop). */
  stopRequests(): number {
    return this.#queue.stopAll()
  }

  async close(): Promise<void> {
    await this.#applying
    await this.#server.close()
  }

  async #apply(): Promise<void> {
    const { apiServerEnabled: enabled, apiServerPort: port } = this.#options.settings()
    const listening = this.#server.port !== null
    if (enabled === this.#applied.enabled && port === this.#applied.port && (listening || !enabled))
      return
    this.#applied = { enabled, port }
    this.#error = null
    if (!enabled) {
      await this.#server.close()
      this.#changed()
      return
    }
    // A key exists before the first client can call.
    const key = await this.key()
    if (!key.ok) {
      this.#error = key.error.message
      this.#changed()
      return
    }
    const started = await this.#server.listen(port)
    if (!started.ok) {
      this.#error = started.error.message
      this.#options.log(`API server not started: ${started.error.message}`)
    } else this.#options.log(`API server listening on http://${API_HOST}:${started.value.port}/v1`)
    this.#changed()
  }

  async #models(): Promise<ApiModel[]> {
    const loadedPath = this.#loadedPath()
    const models: ApiModel[] = (await this.#options.installed()).map((model) => ({
      id: modelIdOf(model.path),
      loaded: model.path === loadedPath,
    }))
    if (loadedPath !== null && !models.some((model) => model.loaded)) {
      models.unshift({ id: modelIdOf(loadedPath), loaded: true })
    }
    return models
  }

  #loadedPath(): string | null {
    const status = this.#options.engine.getStatus()
    return status.state === 'ready' ? status.modelPath : null
  }

  #changed(): void {
    try {
      this.#options.onChange(this.status)
    } catch (cause) {
      this.#options.log('Announcing the API server status failed', cause)
    }
  }
}
