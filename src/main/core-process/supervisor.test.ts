import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EngineProcess } from '../../shared/contract/schemas/engine-process'
import type { CoreProcess, ToCore } from './protocol'
import { CoreSupervisor, RESTARTING_MESSAGE } from './supervisor'

// The supervisor's decisions on a stand-in process; the real fork, kill and restart are proved in
// Chromium against headless Hearth (e2e/engine-crash.spec.ts).

class StandInProcess implements CoreProcess {
  static nextPid = 100
  readonly pid = StandInProcess.nextPid++
  readonly sent: ToCore[] = []
  #onMessage: (message: unknown) => void = () => undefined
  #onExit: ((code: number | null) => void)[] = []
  killed = false
  send(message: ToCore): void {
    this.sent.push(message)
  }
  onMessage(listener: (message: unknown) => void): void {
    this.#onMessage = listener
  }
  onExit(listener: (code: number | null) => void): void {
    this.#onExit.push(listener)
  }
  kill(): void {
    this.killed = true
    this.exit(null)
  }
  say(message: unknown): void {
    this.#onMessage(message)
  }
  exit(code: number | null): void {
    for (const listener of this.#onExit.splice(0)) listener(code)
  }
}

function supervised(now = () => 0) {
  const processes: StandInProcess[] = []
  const states: EngineProcess[] = []
  const errors: string[] = []
  const supervisor = new CoreSupervisor({
    spawn: () => {
      const core = new StandInProcess()
      processes.push(core)
      return core
    },
    log: { info: () => undefined, error: (message) => errors.push(message) },
    now,
    shutdownTimeoutMs: 1_000,
  })
  supervisor.events.on('app.engineProcess', (state) => states.push(state))
  const latest = () => processes.at(-1) as StandInProcess
  return { supervisor, processes, states, errors, latest }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the core supervisor', () => {
  it('carries requests and events to and from the core process', async () => {
    const { supervisor, latest } = supervised()
    const started = supervisor.start()
    latest().say({ type: 'ready', logFolder: '/data/logs' })
    await started
    const events: unknown[] = []
    supervisor.events.onAny((channel, payload) => events.push([channel, payload]))

    const answer = supervisor.dispatch('app.status', {})
    expect(latest().sent).toEqual([{ type: 'invoke', id: 1, channel: 'app.status', input: {} }])
    latest().say({ type: 'result', id: 1, result: { ok: true, value: 'status' } })
    expect(await answer).toEqual({ ok: true, value: 'status' })

    latest().say({ type: 'event', channel: 'chat.delta', payload: { text: 'Hi' } })
    latest().say({ type: 'event', channel: 'not.a.channel', payload: {} })
    expect(events).toEqual([['chat.delta', { text: 'Hi' }]])
    expect(await supervisor.dispatch('app.engineProcess', {})).toEqual({
      ok: true,
      value: { state: 'running', message: null, logFolder: '/data/logs', restarts: 0 },
    })
  })

  it('answers requests in flight when the core dies, says so, and restarts it', async () => {
    const { supervisor, processes, states, latest } = supervised()
    const started = supervisor.start()
    latest().say({ type: 'ready', logFolder: null })
    await started
    const inFlight = supervisor.dispatch('chat.send', { text: 'Hello' })

    latest().exit(null)
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'ENGINE_STOPPED' } })
    expect(states.at(-1)).toMatchObject({ state: 'restarting', message: RESTARTING_MESSAGE })
    expect(await supervisor.dispatch('app.status', {})).toMatchObject({
      ok: false,
      error: { code: 'ENGINE_STOPPED', message: RESTARTING_MESSAGE },
    })
    expect(processes).toHaveLength(2)

    latest().say({ type: 'ready', logFolder: null })
    expect(states.at(-1)).toEqual({ state: 'running', message: null, logFolder: null, restarts: 1 })
  })

  it('gives up after three crashes within a minute and names the log', async () => {
    let now = 0
    const { supervisor, processes, states, latest } = supervised(() => now)
    const started = supervisor.start()
    latest().say({ type: 'ready', logFolder: '/data/logs' })
    await started
    for (let crash = 0; crash < 3; crash += 1) {
      now += 10_000
      latest().exit(134)
      if (crash < 2) latest().say({ type: 'ready', logFolder: '/data/logs' })
    }
    expect(processes).toHaveLength(3)
    expect(states.at(-1)).toMatchObject({ state: 'stopped' })
    expect(states.at(-1)?.message).toMatch(/three times within a minute.*the log in \/data\/logs/)
  })

  it('does not restart a core that cannot open its history, and the first start says why', async () => {
    const { supervisor, processes, latest } = supervised()
    const started = supervisor.start()
    latest().say({ type: 'fatal', message: 'Hearth cannot open its history file.' })
    await expect(started).rejects.toThrow('Hearth cannot open its history file.')
    expect(processes).toHaveLength(1)
  })

  it('asks the core to shut down and kills it only when it does not exit in time', async () => {
    vi.useFakeTimers()
    const { supervisor, processes, latest } = supervised()
    const started = supervisor.start()
    latest().say({ type: 'ready', logFolder: null })
    await started

    const stopped = supervisor.stop()
    expect(latest().sent.at(-1)).toEqual({ type: 'shutdown' })
    expect(latest().killed).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    await stopped
    expect(latest().killed).toBe(true)
    expect(processes).toHaveLength(1) // a shutdown is not a crash: no restart
  })
})
