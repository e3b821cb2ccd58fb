import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { ensureTestModel } from '../scripts/test-model-cache.ts'
import type { TestModelPreset, TestModelVariant } from '../scripts/make-test-model.ts'
import type {
  EventPayload,
  RequestChannel,
  RequestInput,
  RequestOutput,
} from '../src/shared/contract/contract'
import { createCore, type Core, type CoreOptions } from '../src/main/core/create-core'
import type { ApiServerStatus } from '../src/shared/contract/schemas/api-server'
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/contract/schemas/settings'
import type { Engine } from '../src/main/core/engine/engine'
import { LlamaEngine } from '../src/main/core/engine/llama-engine'
import { openSecretStore } from '../src/main/core/settings/secrets'
import { ApiService, type ApiServiceOptions } from '../src/main/core/api-server/api-service'
import { Recorder } from './recorder'

/** A running API server on the real engine and a generated model, for tests and benchmarks. */
export interface ApiHarness {
  service: ApiService
  engine: LlamaEngine
  /** The engine the server uses (the real one, or a wrapper around it that a test passed). */
  served: Engine
  baseUrl: string
  key: string
  modelId: string
  statuses: ApiServerStatus[]
  /** Resolves once no request is in flight (at once if none is), from the server's own report. */
  idle(): Promise<void>
  client(options?: { apiKey?: string }): OpenAI
  close(): Promise<void>
}

/**
 * Loads the generated `variant` model on a one-thread engine and serves it on 127.0.0.1 at an
 * ephemeral port, with a real secret store in a temporary folder.
 */
export async function startApiHarness(
  options: {
    variant?: TestModelVariant
    preset?: TestModelPreset
    /** A model of one's own (the bench's HEARTH_BENCH_MODEL) instead of a generated one. */
    modelPath?: string
    threads?: number
    wrap?: (engine: LlamaEngine) => Engine
    settings?: Partial<Settings>
  } & Partial<Pick<ApiServiceOptions, 'queueLimit' | 'keep'>> = {},
): Promise<ApiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-api-'))
  const modelPath =
    options.modelPath ??
    (await ensureTestModel({
      variant: options.variant ?? 'reply',
      preset: options.preset ?? 'tiny',
    }))
  const engine = new LlamaEngine({ threads: options.threads ?? 1, maxContextSize: 512 })
  const loaded = await engine.load(modelPath)
  if (!loaded.ok) throw new Error(`test model did not load: ${loaded.error.message}`)
  const served = options.wrap?.(engine) ?? engine
  const secrets = await openSecretStore(dir)
  // Port 0: the operating system picks a free port (the schema's 1024 minimum is for users).
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    apiServerEnabled: true,
    apiServerPort: 0,
    ...options.settings,
  }
  const statuses = new Recorder<ApiServerStatus>()
  const service = new ApiService({
    engine: served,
    secrets,
    settings: () => settings,
    installed: async () => [],
    onChange: statuses.push,
    log: () => undefined,
    ...(options.queueLimit === undefined ? {} : { queueLimit: options.queueLimit }),
    ...(options.keep === undefined ? {} : { keep: options.keep }),
  })
  await service.apply()
  const { baseUrl } = service.status
  const key = await service.key()
  if (baseUrl === null || !key.ok)
    throw new Error(`API server did not start: ${service.status.error}`)
  const modelId =
    modelPath
      .split('/')
      .at(-1)
      ?.replace(/\.gguf$/, '') ?? ''
  return {
    service,
    engine,
    served,
    baseUrl,
    key: key.value.key,
    modelId,
    statuses: statuses.items,
    async idle() {
      if (service.status.requests > 0) await statuses.next((status) => status.requests === 0)
    },
    client: (client = {}) =>
      new OpenAI({ apiKey: client.apiKey ?? key.value.key, baseURL: baseUrl, maxRetries: 0 }),
    async close() {
      await service.close()
      await engine.dispose()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** What the engine did for one request, seen from inside the server's process. */
export interface ObservedRun {
  /** When the server called the engine (performance.now()). */
  calledAt: number
  /** When each non-empty piece of text left the engine. */
  chunkTimes: number[]
  /** How many pieces had left when the request's signal aborted; null if it never did. */
  atAbort: number | null
}

/**
 * The engine as is, with each generation's text timed on its way out: tests see what ran after a
 * client left, the benchmark compares the engine's own rate with what the client received.
 */
export function observeEngine(engine: Engine, runs: ObservedRun[]): Engine {
  return {
    getStatus: () => engine.getStatus(),
    onStatusChange: (listener) => engine.onStatusChange(listener),
    load: (path) => engine.load(path),
    dispose: () => engine.dispose(),
    generate: (request) => {
      const run: ObservedRun = { calledAt: performance.now(), chunkTimes: [], atAbort: null }
      runs.push(run)
      request.signal.addEventListener('abort', () => (run.atAbort = run.chunkTimes.length))
      return engine.generate({
        ...request,
        onTextChunk: (text) => {
          // node-llama-cpp flushes an empty chunk as it stops: text is what counts.
          if (text.length > 0) run.chunkTimes.push(performance.now())
          request.onTextChunk(text)
        },
      })
    },
  }
}

/** A whole core in a temporary data folder, with a typed `call` that throws on an error Result. */
export interface TestCore {
  core: Core
  dataDir: string
  call<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>
  /** The next `chat.done`. */
  nextDone(): Promise<EventPayload<'chat.done'>>
  close(): Promise<void>
}

/** Starts a core on one thread (the generated reply model unless `modelPathOverride` says else). */
export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-core-'))
  const core = await createCore({
    dataDir,
    threads: 1,
    log: { info: () => undefined, error: () => undefined },
    ...options,
  })
  await core.start()
  return {
    core,
    dataDir,
    async call(channel, input) {
      const result = await core.dispatch(channel, input)
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
      return result.value as RequestOutput<typeof channel>
    },
    nextDone: () =>
      new Promise((resolve) => {
        const off = core.events.on('chat.done', (payload) => {
          off()
          resolve(payload)
        })
      }),
    async close() {
      await core.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
