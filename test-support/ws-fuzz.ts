import type { Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocket } from 'ws'
import { malformedPayloads, seededRandom } from './malformed-payloads'
import type { ErrorCode } from '../src/shared/contract/errors'
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
  if (typeof gc === 'function') gc()
}

/** What a fuzz run did, and the process's memory before, at its highest and after. */
export interface FuzzFigures {
  seed: number
  frames: number
  answers: number
  /** Answers compared with the verdict their frame was built to get. */
  checked: number
  /** Answers that differ from their frame's verdict (the first 20, each naming its frame). */
  mismatches: string[]
  /** Connections the server closed (an oversized frame, a client that stopped reading). */
  reconnects: number
  rssStartMiB: number
  rssPeakMiB: number
  rssEndMiB: number
}

/** An answer a frame may get: a value, or a typed error. */
type Outcome = 'ok' | ErrorCode

/** A frame to send; one that carries a usable id says which answers it may get, and why. */
type Frame = {
  data: string | Buffer
  binary: boolean
  expect?: { id: number; outcomes: readonly Outcome[]; why: string }
}

/** A well-formed request may be answered, or refused as BUSY when too many are in flight. */
const ANSWERED: readonly Outcome[] = ['ok', 'BUSY']

/** JSON that never throws: BigInt becomes a string, functions and symbols drop out. */
function stringify(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    ) ?? 'null'
  )
}

const invoke = (id: number, channel: unknown, input: unknown): string =>
  stringify({ type: 'invoke', id, channel, input })

/**
 * The frames a hostile or broken client sends: requests the contract refuses (malformed-payloads.ts,
 * so none changes anything), text that is not JSON (control characters, lone surrogates), JSON that
 * is not a request, deep nesting, binary frames, long fields, read-only requests whose answers pile
 * up while the client is not reading, and now and then a frame over the size limit. Each frame with
 * an id carries the answer its construction calls for; the others must get none.
 */
function* hostileFrames(seed: number, count: number): Generator<Frame> {
  const random = seededRandom(seed)
  const malformed = malformedPayloads(seed, count)
  const int = (max: number) => Math.floor(random() * max)
  let id = 1
  for (let i = 0; i < count; i++) {
    const roll = random()
    if (roll < 0.4) {
      const bad = malformed.next().value
      if (bad === undefined) throw new Error('the malformed payloads ran out')
      yield {
        data: invoke(id, bad.channel, bad.input),
        binary: false,
        expect: { id: id++, outcomes: [bad.expectedOnWire], why: bad.why },
      }
    } else if (roll < 0.5) {
      const length = int(512)
      let text = ''
      for (let c = 0; c < length; c++) text += String.fromCharCode(int(0x10000))
      yield { data: text, binary: false }
    } else if (roll < 0.6) {
      // No usable id (negative, fractional, too large, not a number): nobody to answer.
      const weird = [-1, 1.5, 1e300, 'x', null, [id], { id }][int(7)]
      yield {
        data: stringify({ type: ['invoke', 'result', 'event', 7][int(4)], id: weird, input: {} }),
        binary: false,
      }
    } else if (roll < 0.7) {
      const depth = 1 + int(100_000)
      yield { data: `${'['.repeat(depth)}${']'.repeat(int(2) === 0 ? depth : 0)}`, binary: false }
    } else if (roll < 0.78) {
      if (int(2) === 0) {
        const why = 'a request in a binary frame'
        const data = Buffer.from(invoke(id, 'app.status', {}))
        yield { data, binary: true, expect: { id: id++, outcomes: ['INVALID_INPUT'], why } }
      } else yield { data: Buffer.alloc(int(4096), int(256)), binary: true }
    } else if (roll < 0.86) {
      const why = 'a long channel name'
      const data = invoke(id, 'x'.repeat(int(10_000)), {})
      yield { data, binary: false, expect: { id: id++, outcomes: ['UNKNOWN_CHANNEL'], why } }
    } else if (roll < 0.9) {
      // A prompt over the contract's 100,000 characters: refused, never sent to the model.
      const why = 'a prompt over 100,000 characters'
      const data = invoke(id, 'chat.send', { text: 'y'.repeat(100_001 + int(400_000)) })
      yield { data, binary: false, expect: { id: id++, outcomes: ['INVALID_INPUT'], why } }
    } else if (roll < 0.999) {
      const channel = ['models.catalogue', 'conversations.list', 'settings.get', 'app.status'][
        int(4)
      ]
      const why = `a well-formed ${channel}`
      yield {
        data: invoke(id, channel, {}),
        binary: false,
        expect: { id: id++, outcomes: ANSWERED, why },
      }
    } else {
      // Over the frame limit: the server closes the connection (1009) without reading it all.
      yield { data: `"${'z'.repeat(8 * MIB)}"`, binary: false }
    }
  }
}

/**
 * Checks every answer against what its frame was built to get, and tells waiters when the answer
 * to their id arrives (or the connection they were on closes).
 */
class AnswerChecker {
  answers = 0
  checked = 0
  mismatchCount = 0
  readonly mismatches: string[] = []
  readonly #expected = new Map<number, { outcomes: readonly Outcome[]; why: string }>()
  readonly #waiting = new Map<number, () => void>()

  expect(id: number, outcomes: readonly Outcome[], why: string): void {
    this.#expected.set(id, { outcomes, why })
  }

  /** Resolves when the answer to `id` arrives or `ws` closes (its answers are then lost). */
  answered(ws: WebSocket, id: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        ws.off('close', done)
        this.#waiting.delete(id)
        resolve()
      }
      this.#waiting.set(id, done)
      ws.once('close', done)
    })
  }

  listen(ws: WebSocket): void {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.answers++
      if (isBinary) {
        this.#mismatch('a binary frame from the server')
        return
      }
      const frame = JSON.parse(data.toString()) as {
        type?: unknown
        id?: unknown
        result?: unknown
      }
      if (frame.type !== 'result' || typeof frame.id !== 'number') return
      this.#check(frame.id, frame.result as { ok: boolean; error?: { code: ErrorCode } })
      this.#waiting.get(frame.id)?.()
    })
  }

  #check(id: number, result: { ok: boolean; error?: { code: ErrorCode } }): void {
    const expected = this.#expected.get(id)
    if (expected === undefined) {
      this.#mismatch(`an answer to id ${id}, which no frame gave`)
      return
    }
    this.#expected.delete(id)
    this.checked++
    const outcome: Outcome = result.ok ? 'ok' : (result.error?.code ?? 'INTERNAL')
    if (!expected.outcomes.includes(outcome))
      this.#mismatch(
        `id ${id} (${expected.why}): ${outcome}, not ${expected.outcomes.join(' or ')}`,
      )
  }

  #mismatch(what: string): void {
    this.mismatchCount++
    if (this.mismatches.length < 20) this.mismatches.push(what)
  }
}

async function connect(server: Pick<HeadlessServer, 'port' | 'token'>): Promise<WebSocket> {
  return (await WsTestClient.connect(server)).ws
}

/**
 * Sends `frames` hostile frames to a headless server from this process, reconnecting whenever the
 * server closes the connection, and stops reading for stretches (as a stalled tab would). Every
 * answer is checked against the verdict its frame was built to get. Every 200 frames it samples the
 * server's memory (`rss`) and waits for the server to answer a request sent after them all (as a
 * client waiting for answers would), and once more at the end.
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
    (async () => {
      collectGarbage()
      return process.memoryUsage().rss / MIB
    })
  const rssStartMiB = await rss()
  let rssPeakMiB = rssStartMiB
  let reconnects = 0
  const checker = new AnswerChecker()
  // Ids of the catch-up requests, far above those of the fuzz frames.
  let syncId = 1_000_000_000
  const caughtUp = (socket: WebSocket): Promise<void> => {
    const id = syncId++
    checker.expect(id, ANSWERED, 'a catch-up app.status')
    const answered = checker.answered(socket, id)
    socket.send(invoke(id, 'app.status', {}))
    return answered
  }
  let ws = await connect(server)
  checker.listen(ws)
  let sent = 0
  for (const frame of hostileFrames(options.seed, options.frames)) {
    if (ws.readyState !== WebSocket.OPEN) {
      reconnects++
      ws = await connect(server)
      checker.listen(ws)
    }
    if (frame.expect) checker.expect(frame.expect.id, frame.expect.outcomes, frame.expect.why)
    ws.send(frame.data, { binary: frame.binary })
    sent++
    const socket = (ws as unknown as { _socket: Socket })._socket
    // The client lives in this process too: it waits for its own unsent bytes to drain, so what
    // is measured is what the server holds (a hostile client elsewhere would hold its backlog).
    if (ws.bufferedAmount > 4 * MIB) await drained(ws, socket)
    // A stalled reader for 100 frames in every 1,000: the answers wait in the server's buffers.
    if (sent % 1000 === 0) socket.pause()
    if (sent % 1000 === 100) socket.resume()
    if (sent % 200 === 0) {
      rssPeakMiB = Math.max(rssPeakMiB, await rss())
      if (sent % 1000 !== 0 && ws.readyState === WebSocket.OPEN) await caughtUp(ws)
    }
  }
  ;(ws as unknown as { _socket: Socket })._socket.resume()
  if (ws.readyState === WebSocket.OPEN) await caughtUp(ws)
  ws.terminate()
  const rssEndMiB = await rss()
  return {
    seed: options.seed,
    frames: sent,
    answers: checker.answers,
    checked: checker.checked,
    mismatches:
      checker.mismatchCount > checker.mismatches.length
        ? [...checker.mismatches, `and ${checker.mismatchCount - checker.mismatches.length} more`]
        : checker.mismatches,
    reconnects,
    rssStartMiB,
    rssPeakMiB: Math.max(rssPeakMiB, rssEndMiB),
    rssEndMiB,
  }
}

/** Resolves once the socket has written its backlog, or the connection closed. */
function drained(ws: WebSocket, socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done)
      ws.off('close', done)
      resolve()
    }
    socket.once('drain', done)
    ws.once('close', done)
  })
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
