import type { Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocket } from 'ws'
import { malformedPayloads, seededRandom } from './malformed-payloads'
import type { HeadlessServer } from '../src/main/headless/server'
import { WsTestClient } from './ws-test-client'

const MIB = 1024 * 1024

/**
 * A full collection before reading this process's memory, so the figure is memory held, not garbage
 * not yet collected. V8's own `gc`, exposed at run time (test workers start without the flag).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as unknown
  if (typeof gc === 'function') Reflect.apply(gc, undefined, [])
}

/** What a fuzz run did, and the process's memory before, at its highest and after. */
export interface FuzzFigures {
  seed: number
  frames: number
  answers: number
  /** Connections the server closed (an oversized frame, a client that stopped reading). */
  reconnects: number
  rssStartMiB: number
  rssPeakMiB: number
  rssEndMiB: number
}

type Frame = { data: string | Buffer; binary: boolean }

/** JSON that never throws: BigInt becomes a string, functions and symbols drop out. */
function stringify(value: unknown): string {
  // JSON.stringify answers undefined for undefined, a function or a symbol, whatever its type says.
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  ) as string | undefined
  return text ?? 'null'
}

/**
 * The frames a hostile or broken client sends: requests the contract refuses (malformed-payloads.ts,
 * so none changes anything), text that is not JSON (control characters, lone surrogates), JSON that
 * is not a request, deep nesting, binary frames, long fields, read-only requests whose answers pile
 * up while the client is not reading, and now and then a frame over the size limit.
 */
function* hostileFrames(seed: number, count: number): Generator<Frame> {
  const random = seededRandom(seed)
  const malformed = malformedPayloads(seed, count)
  const int = (max: number) => Math.floor(random() * max)
  let id = 1
  for (let i = 0; i < count; i++) {
    const roll = random()
    if (roll < 0.4) {
      const next = malformed.next()
      const bad = next.done === true ? undefined : next.value
      yield {
        data: stringify({ type: 'invoke', id: id++, channel: bad?.channel, input: bad?.input }),
        binary: false,
      }
    } else if (roll < 0.5) {
      const length = int(512)
      let text = ''
      for (let c = 0; c < length; c++) text += String.fromCharCode(int(0x10000))
      yield { data: text, binary: false }
    } else if (roll < 0.6) {
      const weird = [-1, 1.5, 1e300, 'x', null, [id], { id }][int(7)]
      yield {
        data: stringify({ type: ['invoke', 'result', 'event', 7][int(4)], id: weird, input: {} }),
        binary: false,
      }
    } else if (roll < 0.7) {
      const depth = 1 + int(100_000)
      yield { data: `${'['.repeat(depth)}${']'.repeat(int(2) === 0 ? depth : 0)}`, binary: false }
    } else if (roll < 0.78) {
      const request = stringify({ type: 'invoke', id: id++, channel: 'app.status', input: {} })
      yield {
        data: int(2) === 0 ? Buffer.from(request) : Buffer.alloc(int(4096), int(256)),
        binary: true,
      }
    } else if (roll < 0.86) {
      yield {
        data: stringify({ type: 'invoke', id: id++, channel: 'x'.repeat(int(10_000)), input: {} }),
        binary: false,
      }
    } else if (roll < 0.9) {
      // A prompt over the contract's 100,000 characters: refused, never sent to the model.
      const text = 'y'.repeat(100_001 + int(400_000))
      yield {
        data: stringify({ type: 'invoke', id: id++, channel: 'chat.send', input: { text } }),
        binary: false,
      }
    } else if (roll < 0.999) {
      const channel = ['models.catalogue', 'conversations.list', 'settings.get', 'app.status'][
        int(4)
      ]
      yield { data: stringify({ type: 'invoke', id: id++, channel, input: {} }), binary: false }
    } else {
      // Over the frame limit: the server closes the connection (1009) without reading it all.
      yield { data: `"${'z'.repeat(8 * MIB)}"`, binary: false }
    }
  }
}

async function connect(server: Pick<HeadlessServer, 'port' | 'token'>): Promise<WebSocket> {
  return (await WsTestClient.connect(server)).ws
}

/**
 * Sends `frames` hostile frames to a headless server from this process, reconnecting whenever the
 * server closes the connection, and stops reading for stretches (as a stalled tab would). Every
 * 200 frames it samples the server's memory (`rss`), and once more at the end.
 */
export async function fuzzWebSocket(
  server: Pick<HeadlessServer, 'port' | 'token'>,
  options: {
    seed: number
    frames: number
    /** The server process's resident memory in MiB (default: this process, after a collection). */
    rss?: () => Promise<number>
  },
): Promise<FuzzFigures> {
  const rss =
    options.rss ??
    (() => {
      collectGarbage()
      return Promise.resolve(process.memoryUsage().rss / MIB)
    })
  const rssStartMiB = await rss()
  let rssPeakMiB = rssStartMiB
  let answers = 0
  let reconnects = 0
  let ws = await connect(server)
  const listen = (socket: WebSocket) => socket.on('message', () => answers++)
  listen(ws)
  let sent = 0
  for (const frame of hostileFrames(options.seed, options.frames)) {
    if (ws.readyState !== WebSocket.OPEN) {
      reconnects++
      ws = await connect(server)
      listen(ws)
    }
    ws.send(frame.data, { binary: frame.binary })
    sent++
    // The client lives in this process too: it waits for its own unsent bytes, so what is measured
    // is what the server holds (a hostile client elsewhere would hold its backlog itself).
    while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > 4 * MIB) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const socket = (ws as unknown as { _socket: Socket })._socket
    // A stalled reader for 100 frames in every 1,000: the answers wait in the server's buffers.
    if (sent % 1000 === 0) socket.pause()
    if (sent % 1000 === 100) socket.resume()
    if (sent % 200 === 0) {
      rssPeakMiB = Math.max(rssPeakMiB, await rss())
      // Let the server catch up, as a client waiting for answers would.
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  ;(ws as unknown as { _socket: Socket })._socket.resume()
  await new Promise((resolve) => setTimeout(resolve, 200))
  ws.terminate()
  const rssEndMiB = await rss()
  return {
    seed: options.seed,
    frames: sent,
    answers,
    reconnects,
    rssStartMiB,
    rssPeakMiB: Math.max(rssPeakMiB, rssEndMiB),
    rssEndMiB,
  }
}

/**
 * A process's resident memory in MiB with its direct children's (headless Hearth's core runs in a
 * child process), from /proc (Linux): the server measured from outside.
 */
export async function residentMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const own = async (id: string) => {
    const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => '')
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    return kib === undefined ? 0 : Number(kib) / 1024
  }
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  const ids = [String(pid), ...children.split(/\s+/u).filter((id) => id !== '')]
  let total = 0
  for (const id of ids) total += await own(id)
  return total
}
