import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWsTransport, defaultBackoff, type WebSocketLike } from './ws-transport'

/** Stands in for the browser's WebSocket: the test opens, closes and feeds it by hand. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = []
  readyState = 0
  readonly sent: unknown[] = []
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this)
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }

  close(): void {
    this.readyState = 3
  }

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  drop(): void {
    this.readyState = 3
    this.onerror?.({})
    this.onclose?.({})
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }
}

function latest(): FakeWebSocket {
  const socket = FakeWebSocket.instances.at(-1)
  if (!socket) throw new Error('no socket was created')
  return socket
}

const url = 'ws://127.0.0.1:5123/ws?token=t'

describe('ws-transport', () => {
  beforeEach(() => {
    FakeWebSocket.instances = []
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('connects to the given URL and queues invokes until the socket opens', () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket })
    void transport.invoke('app.status', {})
    expect(latest().url).toBe(url)
    expect(latest().sent).toEqual([])
    latest().open()
    expect(latest().sent).toEqual([{ type: 'invoke', id: 0, channel: 'app.status', input: {} }])
    transport.close()
  })

  it('matches results to invokes by id, in any order', async () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket })
    latest().open()
    const first = transport.invoke('app.status', {})
    const second = transport.invoke('settings.get', {})
    const [a, b] = latest().sent as { id: number }[]
    latest().receive({ type: 'result', id: b?.id, result: { ok: true, value: 'second' } })
    latest().receive({ type: 'result', id: a?.id, result: { ok: true, value: 'first' } })
    await expect(first).resolves.toEqual({ ok: true, value: 'first' })
    await expect(second).resolves.toEqual({ ok: true, value: 'second' })
    transport.close()
  })

  it('delivers event frames to listeners of that channel only', () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket })
    latest().open()
    const deltas: unknown[] = []
    const dones: unknown[] = []
    transport.on('chat.delta', (payload) => deltas.push(payload))
    const offDone = transport.on('chat.done', (payload) => dones.push(payload))
    latest().receive({ type: 'event', channel: 'chat.delta', payload: { seq: 0 } })
    offDone()
    latest().receive({ type: 'event', channel: 'chat.done', payload: { x: 1 } })
    expect(deltas).toEqual([{ seq: 0 }])
    expect(dones).toEqual([])
    transport.close()
  })

  it('ignores frames that are not JSON or not in the protocol', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket })
    latest().open()
    const pending = transport.invoke('app.status', {})
    latest().receive('{not json')
    latest().receive({ type: 'result', id: 'zero', result: 1 })
    latest().receive({ type: 'mystery' })
    latest().receive({ type: 'result', id: 999, result: 'stray' })
    latest().receive({ type: 'result', id: 0, result: { ok: true, value: 1 } })
    await expect(pending).resolves.toEqual({ ok: true, value: 1 })
    transport.close()
  })

  it('answers in-flight invokes with an error when the socket drops, and reconnects with backoff', async () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket, backoffMs: () => 100 })
    const reconnects = vi.fn()
    const connection: boolean[] = []
    transport.onReconnect(reconnects)
    transport.onConnectionChange((connected) => connection.push(connected))
    latest().open()
    expect(reconnects).not.toHaveBeenCalled()

    const inFlight = transport.invoke('chat.send', { text: 'hi' })
    latest().drop()
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(FakeWebSocket.instances).toHaveLength(1)

    // Made while down: waits for the next socket instead of failing.
    const queued = transport.invoke('app.status', {})
    vi.advanceTimersByTime(100)
    expect(FakeWebSocket.instances).toHaveLength(2)
    latest().open()
    expect(reconnects).toHaveBeenCalledTimes(1)
    expect(connection).toEqual([true, false, true])
    const frame = latest().sent[0] as { id: number }
    latest().receive({ type: 'result', id: frame.id, result: { ok: true, value: 'back' } })
    await expect(queued).resolves.toEqual({ ok: true, value: 'back' })
    transport.close()
  })

  it('keeps retrying while the server is down, with growing delays', () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket })
    latest().drop() // never opened: the server is not there yet
    vi.advanceTimersByTime(defaultBackoff(1))
    expect(FakeWebSocket.instances).toHaveLength(2)
    latest().drop()
    vi.advanceTimersByTime(defaultBackoff(2) - 1)
    expect(FakeWebSocket.instances).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances).toHaveLength(3)
    transport.close()
    expect(defaultBackoff(1)).toBeLessThan(defaultBackoff(3))
    expect(defaultBackoff(50)).toBe(4000)
  })

  it('stops reconnecting once closed', () => {
    const transport = createWsTransport({ url, WebSocketImpl: FakeWebSocket, backoffMs: () => 10 })
    latest().open()
    transport.close()
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })
})
