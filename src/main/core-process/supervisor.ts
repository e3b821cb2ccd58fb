import { err, ok, type Result } from '../../shared/contract/result'
import type { EngineProcess } from '../../shared/contract/schemas/engine-process'
import { CoreEvents } from '../core/events'
import type { Logger } from '../core/log/logger'
import type { Dispatch } from '../core/rpc/dispatch'
import { FromCoreSchema, type CoreProcess, type FromCore } from './protocol'
import { decideAfterCrash } from './restart-policy'

export interface SupervisorOptions {
  /** Starts a core process (fork in headless mode, utilityProcess in Electron). */
  spawn: () => CoreProcess
  log: Logger
  now?: () => number
  /** How long a shutdown may take before the process is killed. */
  shutdownTimeoutMs?: number
}

export const RESTARTING_MESSAGE = 'The engine stopped unexpectedly; restarting.'
const IN_FLIGHT_MESSAGE =
  'The engine stopped unexpectedly while answering this; Hearth is restarting it. Try again in a moment.'

/**
 * Runs the core in its own process for a shell and stands in for it: the shell's bridge calls
 * `dispatch` and listens to `events` exactly as it would on an in-process core. When the process
 * dies, requests in flight are answered with ENGINE_STOPPED, every window is told, and the core is
 * restarted (the renderer reloads its state when it says "running" again); after repeated crashes
 * it stays stopped and says what to do.
 */
export class CoreSupervisor {
  readonly events = new CoreEvents()
  readonly #options: SupervisorOptions
  readonly #now: () => number
  readonly #pending = new Map<number, (result: Result<unknown>) => void>()
  readonly #crashes: number[] = []
  #process: CoreProcess | null = null
  #nextId = 1
  #state: EngineProcess = { state: 'restarting', message: null, logFolder: null, restarts: 0 }
  #stopping = false
  #firstStart: { resolve: () => void; reject: (error: Error) => void } | null = null

  constructor(options: SupervisorOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /** Starts the core; resolves once it answers, rejects if it cannot start at all. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#firstStart = { resolve, reject }
      this.#spawn()
    })
  }

  get state(): EngineProcess {
    return this.#state
  }

  /** The running core process's id (tests kill it to prove the restart). */
  get pid(): number | undefined {
    return this.#process?.pid
  }

  readonly dispatch: Dispatch = (channel, input) => {
    if (channel === 'app.engineProcess') return Promise.resolve(ok(this.#state))
    const core = this.#process
    if (core === null || this.#state.state !== 'running') {
      return Promise.resolve(err('ENGINE_STOPPED', this.#state.message ?? RESTARTING_MESSAGE))
    }
    const id = this.#nextId++
    return new Promise((resolve) => {
      this.#pending.set(id, resolve)
      core.send({ type: 'invoke', id, channel, input })
    })
  }

  /** Asks the core to save and exit; kills it if it takes longer than the timeout. */
  async stop(): Promise<void> {
    this.#stopping = true
    const core = this.#process
    if (core === null) return
    const exited = new Promise<void>((resolve) => core.onExit(() => resolve()))
    core.send({ type: 'shutdown' })
    const timer = setTimeout(() => core.kill(), this.#options.shutdownTimeoutMs ?? 15_000)
    await exited
    clearTimeout(timer)
  }

  #spawn(): void {
    const core = this.#options.spawn()
    this.#process = core
    core.onMessage((raw) => {
      const message = FromCoreSchema.safeParse(raw)
      if (message.success) this.#receive(message.data)
      else this.#options.log.error('Ignored a malformed message from the core process', raw)
    })
    core.onExit((code) => this.#exited(core, code))
  }

  #receive(message: FromCore): void {
    switch (message.type) {
      case 'result':
        this.#pending.get(message.id)?.(message.result as Result<unknown>)
        this.#pending.delete(message.id)
        return
      case 'event':
        this.events.forward(message.channel, message.payload)
        return
      case 'ready': {
        const restarted = this.#firstStart === null
        this.#setState({ state: 'running', message: null, logFolder: message.logFolder })
        this.#firstStart?.resolve()
        this.#firstStart = null
        if (restarted) this.#options.log.info('The core process is running again')
        return
      }
      case 'fatal':
        this.#giveUp(message.message)
        return
    }
  }

  #exited(core: CoreProcess, code: number | null): void {
    if (core !== this.#process) return
    this.#process = null
    for (const answer of this.#pending.values()) answer(err('ENGINE_STOPPED', IN_FLIGHT_MESSAGE))
    this.#pending.clear()
    if (this.#stopping || this.#state.state === 'stopped') return

    const now = this.#now()
    this.#crashes.push(now)
    this.#options.log.error(`The core process stopped unexpectedly (exit code ${code ?? 'none'})`)
    if (decideAfterCrash(this.#crashes, now) === 'give-up') {
      this.#giveUp(
        `The engine stopped three times within a minute, so Hearth stopped restarting it. Quit and reopen Hearth; if it happens again, the log${this.#state.logFolder === null ? '' : ` in ${this.#state.logFolder}`} says why.`,
      )
      return
    }
    this.#setState({
      state: 'restarting',
      message: RESTARTING_MESSAGE,
      restarts: this.#state.restarts + 1,
    })
    this.#spawn()
  }

  #giveUp(message: string): void {
    this.#options.log.error(`The core process is not restarted: ${message}`)
    this.#setState({ state: 'stopped', message })
    this.#process?.kill()
    this.#firstStart?.reject(new Error(message))
    this.#firstStart = null
  }

  #setState(change: Partial<EngineProcess>): void {
    this.#state = { ...this.#state, ...change }
    this.events.emit('app.engineProcess', this.#state)
  }
}
