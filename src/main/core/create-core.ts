import { mkdir } from 'node:fs/promises'
import type { Settings } from '../../shared/contract/schemas/settings'
import { ChatService } from './chat/chat-service'
import { InMemoryHistory, type ConversationHistory } from './chat/history'
import type { Engine, SamplingOptions } from './engine/engine'
import { LlamaEngine } from './engine/model-host'
import { pickThreadCount } from './engine/threads'
import { CoreEvents } from './events'
import { createDispatch, type Dispatch } from './rpc/dispatch'
import { createHandlers } from './rpc/handlers'
import { SettingsFile } from './settings/settings-file'

export interface Logger {
  info(message: string, detail?: unknown): void
  error(message: string, detail?: unknown): void
}

export interface CoreOptions {
  /** The app's data folder: settings (and history) live here. */
  dataDir: string
  /** `HEARTH_MODEL` or `--model`: used at start instead of the model path in settings. */
  modelPathOverride?: string | null
  /** Replaces the real engine (the scripted engine for UI cases that need an exact reply). */
  engine?: Engine
  /** Pins CPU threads (tests and benchmarks); otherwise settings, capped to the usable cores. */
  threads?: number
  sampling?: (settings: Settings) => SamplingOptions
  history?: ConversationHistory
  log?: Logger
}

export interface Core {
  readonly dispatch: Dispatch
  readonly events: CoreEvents
  readonly engine: Engine
  readonly chat: ChatService
  /** Loads the configured model; resolves when it is ready or has failed (status tells which). */
  start(): Promise<void>
  dispose(): Promise<void>
}

/**
 * Builds Hearth's core: settings, engine, chat and the one `dispatch` that both transports (Electron
 * IPC and the headless WebSocket) call. Nothing here imports electron.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? consoleLogger
  await mkdir(options.dataDir, { recursive: true })
  const settings = new SettingsFile(options.dataDir)
  const loaded = await settings.load()
  if (loaded.notice !== null) log.error(loaded.notice)

  const threads = () => options.threads ?? pickThreadCount(settings.current.threads)
  const engine =
    options.engine ??
    new LlamaEngine({ threads: threads(), log: (message, detail) => log.error(message, detail) })
  const events = new CoreEvents()
  const stopForwardingStatus = engine.onStatusChange((status) =>
    events.emit('app.statusChanged', status),
  )
  const chat = new ChatService({
    engine,
    events,
    history: options.history ?? new InMemoryHistory(),
    settings: () => settings.current,
    ...(options.sampling === undefined ? {} : { sampling: options.sampling }),
  })

  let modelPath = options.modelPathOverride ?? settings.current.modelPath
  const loadModel = async () => {
    const result = await engine.load(modelPath)
    if (!result.ok) log.error(`Model not loaded: ${result.error.message}`)
  }
  const reloadModel = () => {
    // Once the user picks a model in the app, their choice wins over HEARTH_MODEL.
    modelPath = settings.current.modelPath
    void chat.stopAll().then(loadModel)
  }

  const dispatch = createDispatch(createHandlers({ engine, chat, settings, reloadModel }), log)
  return {
    dispatch,
    events,
    engine,
    chat,
    start: loadModel,
    async dispose() {
      await chat.stopAll()
      stopForwardingStatus()
      await engine.dispose()
    },
  }
}

const consoleLogger: Logger = {
  info: (message, detail) => console.log(message, ...(detail === undefined ? [] : [detail])),
  error: (message, detail) => console.error(message, ...(detail === undefined ? [] : [detail])),
}
