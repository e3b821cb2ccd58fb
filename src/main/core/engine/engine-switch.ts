import type { Result } from '../../../shared/contract/result'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import type { Engine, GenerateOutcome, GenerateRequest, PrepareRequest } from './engine'
import { StatusHolder } from './status-holder'

/**
 * The engine the chat, titles and the API server use: the local one ("This computer") or a remote
 * one the user chose in Models. Callers never know which; the status they see is the chosen one's.
 * Going remote unloads the local model (its memory is the point of going remote); coming back
 * loads it again.
 */
export class EngineSwitch implements Engine {
  readonly #local: Engine
  readonly #status = new StatusHolder()
  #remote: Engine | null = null
  #stopForwarding: () => void

  constructor(local: Engine) {
    this.#local = local
    this.#stopForwarding = this.#forward(local)
    this.#status.set(local.getStatus())
  }

  /** The engine in use now. */
  get current(): Engine {
    return this.#remote ?? this.#local
  }

  get isRemote(): boolean {
    return this.#remote !== null
  }

  getStatus(): AppStatus {
    return this.#status.current
  }

  onStatusChange(listener: (status: AppStatus) => void): () => void {
    return this.#status.subscribe(listener)
  }

  /**
   * Switches to `remote` (null: this computer) and loads: the remote checks its server and model,
   * the local engine loads `modelPath`.
   */
  async use(remote: Engine | null, modelPath: string | null): Promise<Result<AppStatus>> {
    const previous = this.#remote
    this.#stopForwarding()
    this.#remote = remote
    this.#stopForwarding = this.#forward(this.current)
    if (previous !== null) await previous.dispose()
    // Leaving this computer frees the model's memory; the path is kept for coming back.
    if (remote !== null) await this.#local.load(null)
    return this.load(modelPath)
  }

  /** Loads on the engine in use (a remote one checks its server; its model is its own). */
  load(modelPath: string | null): Promise<Result<AppStatus>> {
    return this.current.load(modelPath)
  }

  generate(request: GenerateRequest): Promise<Result<GenerateOutcome>> {
    return this.current.generate(request)
  }

  prepare(request: PrepareRequest): Promise<boolean> {
    return this.current.prepare?.(request) ?? Promise.resolve(false)
  }

  async dispose(): Promise<void> {
    this.#stopForwarding()
    await this.#remote?.dispose()
    await this.#local.dispose()
    this.#status.clear()
  }

  #forward(engine: Engine): () => void {
    this.#status.set(engine.getStatus())
    return engine.onStatusChange((status) => this.#status.set(status))
  }
}
