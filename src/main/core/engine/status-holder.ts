import { EventEmitter } from 'node:events'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { NO_MODEL_STATUS } from './engine'

/** The current engine status and its listeners, shared by every Engine implementation. */
export class StatusHolder {
  readonly #events = new EventEmitter()
  #status: AppStatus = NO_MODEL_STATUS

  get current(): AppStatus {
    return this.#status
  }

  set(status: AppStatus): void {
    this.#status = status
    this.#events.emit('status', status)
  }

  subscribe(listener: (status: AppStatus) => void): () => void {
    this.#events.on('status', listener)
    return () => this.#events.off('status', listener)
  }

  clear(): void {
    this.#events.removeAllListeners()
  }
}
