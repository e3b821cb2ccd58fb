/**
 * What the reliability runs share: starting the BUILT headless Hearth (out/main/headless.js) as a
 * child process and a tiny contract client over its WebSocket. Node builtins, `ws` and relative
 * `.ts` imports only: Node 24 runs these files directly.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { WireServerMessageSchema } from '../../src/shared/contract/wire.ts'

/** The error thrown when the build is missing: the run measures the shipped bundle, not sources. */
export const MISSING_BUILD = 'out/main/headless.js is missing: run npm run build first'

const here = path.dirname(fileURLToPath(import.meta.url))

/** The repository's built headless entry. */
export function defaultHeadlessEntry(): string {
  return path.resolve(here, '../../out/main/headless.js')
}

/**
 * Whether the headless build is there for a test that runs it; where it is not, prints that
 * `what` is skipped and why (the test then skips, as the project's tests do without a part).
 */
export function headlessBuilt(what: string): boolean {
  const entry = defaultHeadlessEntry()
  const built = existsSync(entry)
  if (!built) console.log(`${what} skipped: ${entry} is missing (run npm run build)`)
  return built
}

/** The entry a run measures: the one given, or the repository's build; MISSING_BUILD when absent. */
export function builtHeadlessEntry(given?: string): string {
  const entry = given ?? defaultHeadlessEntry()
  if (!existsSync(entry)) throw new Error(MISSING_BUILD)
  return entry
}

export interface Headless {
  child: ChildProcess
  url: URL
  token: string
  exited: Promise<void>
}

export function startHeadless(
  entry: string,
  dataDir: string,
  modelPath: string,
): Promise<Headless> {
  const child = spawn(
    process.execPath,
    [entry, '--port', '0', '--data', dataDir, '--model', modelPath, '--threads', '1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      const match = /Hearth headless at (\S+)/.exec(line)
      if (!match?.[1]) return
      const url = new URL(match[1])
      const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? ''
      resolve({ child, url, token, exited })
    })
    child.once('exit', (code) => reject(new Error(`headless exited with ${code}: ${stderr}`)))
  })
}

/** A tiny contract client over the headless WebSocket. */
export class Client {
  readonly #ws: WebSocket
  #nextId = 1
  readonly #pending = new Map<number, (result: unknown) => void>()
  readonly #listeners: ((channel: string, payload: unknown) => void)[] = []

  private constructor(ws: WebSocket) {
    this.#ws = ws
    ws.on('message', (data: Buffer) => {
      const frame = WireServerMessageSchema.parse(JSON.parse(data.toString()))
      if (frame.type === 'result') {
        this.#pending.get(frame.id)?.(frame.result)
        this.#pending.delete(frame.id)
      } else {
        for (const listener of this.#listeners) listener(frame.channel, frame.payload)
      }
    })
  }

  static async connect(headless: Headless): Promise<Client> {
    const origin = `http://127.0.0.1:${headless.url.port}`
    const ws = new WebSocket(`ws://127.0.0.1:${headless.url.port}/ws?token=${headless.token}`, {
      origin,
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new Client(ws)
  }

  onEvent(listener: (channel: string, payload: unknown) => void): void {
    this.#listeners.push(listener)
  }

  /** Invokes a channel and answers its `Result.value`; an error Result is thrown (the run fails). */
  async invoke<T>(channel: string, input: unknown): Promise<T> {
    const id = this.#nextId++
    const answer = new Promise<unknown>((resolve) => this.#pending.set(id, resolve))
    this.#ws.send(JSON.stringify({ type: 'invoke', id, channel, input }))
    const result = (await answer) as { ok: boolean; value?: unknown; error?: { message: string } }
    if (!result.ok) throw new Error(`${channel}: ${result.error?.message ?? 'failed'}`)
    return result.value as T
  }

  closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#ws.readyState === WebSocket.CLOSED) resolve()
      else this.#ws.once('close', () => resolve())
    })
  }

  close(): void {
    this.#ws.close()
  }
}

/**
 * Waits until the model has loaded (the first send would otherwise answer "no model"): from the
 * status now, or the `app.statusChanged` event that reports it, within `timeoutMs`.
 */
export async function waitReady(client: Client, timeoutMs = 60_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const settled = new Promise<string>((resolve, reject) => {
    client.onEvent((channel, payload) => {
      const { state } = payload as { state?: string }
      if (channel === 'app.statusChanged' && (state === 'ready' || state === 'error'))
        resolve(state)
    })
    timer = setTimeout(
      () => reject(new Error(`the model did not load in ${timeoutMs / 1000} s`)),
      timeoutMs,
    )
  })
  try {
    const now = await client.invoke<{ state: string }>('app.status', {})
    const state = now.state === 'ready' || now.state === 'error' ? now.state : await settled
    if (state === 'error') throw new Error('the model did not load')
  } finally {
    clearTimeout(timer)
  }
}
