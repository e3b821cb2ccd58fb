import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Settings } from '../../shared/contract/schemas/settings'
import { ChatService } from './chat/chat-service'
import { TitleMaker } from './chat/title-maker'
import type { Engine, SamplingOptions } from './engine/engine'
import { LlamaEngine } from './engine/llama-engine'
import { machineMemory } from './engine/machine-memory'
import { pickThreadCount } from './engine/threads'
import { CoreEvents } from './events'
import { consoleLogger, type Logger } from './log/logger'
import type { HttpFetch } from './models/download/http-fetch'
import { ModelService } from './models/model-service'
import { createDispatch, type Dispatch } from './rpc/dispatch'
import { createHandlers } from './rpc/handlers'
import { SettingsFile } from './settings/settings-file'
import { openSecretStore, type SecretStore } from './settings/secrets'
import type { HistoryStore } from './store/history-store'
import { openHistoryStore } from './store/open-store'
import { UNDO_MS } from './rpc/conversation-handlers'

export type { Logger } from './log/logger'

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
  /** Off in benchmarks, where a background title would compete with the measured reply. */
  autoTitles?: boolean
  log?: Logger
  /** Where secrets are kept: the shell's (safeStorage in Electron); by default a 0600 file. */
  secrets?: SecretStore
  /**
   * The shell's HTTP client for downloads: Electron's `net.fetch` (system proxy, PAC, the OS
   * certificates); by default undici with HTTPS_PROXY/HTTP_PROXY/NO_PROXY (headless, tests).
   */
  fetch?: HttpFetch
}

export interface Core {
  readonly dispatch: Dispatch
  readonly events: CoreEvents
  readonly engine: Engine
  readonly chat: ChatService
  readonly store: HistoryStore
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
  // History, settings and secrets are the user's alone: the folder is made readable only by them.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const secrets = options.secrets ?? (await openSecretStore(options.dataDir))
  const settings = new SettingsFile(options.dataDir, secrets)
  const loaded = await settings.load()
  const settingsNotices = loaded.notice === null ? [] : [loaded.notice]
  for (const notice of settingsNotices) log.error(notice.message)

  const opened = await openHistoryStore({
    dataDir: options.dataDir,
    log: (message, detail) => log.error(message, detail),
  })
  // Without its history Hearth cannot keep a word: the shells show this message and stop.
  if (!opened.ok) throw new Error(opened.error.message)
  const store = opened.value
  for (const notice of store.info.notices) log.error(notice.message)
  log.info(
    `History open at schema version ${store.schemaVersion()}; ${store.info.interruptedReplies} interrupted replies marked`,
  )
  store.purgeDeleted(Date.now() - UNDO_MS)
  void store.backupIfDue()
  // A backup at most daily (the store skips it if one is recent), and one more at exit.
  const backupTimer = setInterval(() => void store.backupIfDue(), 6 * 60 * 60 * 1000)
  backupTimer.unref()

  const threads = () => options.threads ?? pickThreadCount(settings.current.threads)
  const engine =
    options.engine ??
    new LlamaEngine({
      threads,
      contextSize: () => settings.current.contextSize,
      log: (message, detail) => log.error(message, detail),
      // Evaluated conversation states: a cache Hearth may empty at any time, bounded by a setting.
      stateDir: join(options.dataDir, 'state-cache'),
      stateCacheMaxBytes: () => settings.current.stateCacheMaxBytes,
      promptLookup: () => settings.current.promptLookup,
    })
  if (engine instanceof LlamaEngine) {
    // A state file holds its conversation's tokens: none may outlive a deleted conversation.
    void engine
      .pruneStates((id) => store.getConversation(id, { limit: 1 }).ok)
      .catch((cause: unknown) => log.error('Could not prune conversation states', cause))
  }
  const events = new CoreEvents()
  let lastReadyModel: string | null = null
  const stopForwardingStatus = engine.onStatusChange((status) => {
    events.emit('app.statusChanged', status)
    // The backend and offload decision, once per model that becomes ready.
    if (status.state === 'ready' && status.modelPath !== lastReadyModel) {
      log.info(
        `Model ready: ${status.modelName ?? 'unnamed'} on ${status.backend ?? 'an unknown backend'}, ${status.gpuLayers} layers on the GPU, context ${status.contextSize} tokens`,
      )
    }
    lastReadyModel = status.state === 'ready' ? status.modelPath : null
  })
  const chat = new ChatService({
    engine,
    events,
    store,
    settings: () => settings.current,
    log: (message, detail) => log.error(message, detail),
    ...(options.autoTitles === false
      ? {}
      : {
          titles: new TitleMaker(engine, store, events, (message, detail) =>
            log.error(message, detail),
          ),
        }),
    ...(options.sampling === undefined ? {} : { sampling: options.sampling }),
  })

  let modelPath = options.modelPathOverride ?? settings.current.modelPath
  const loadModel = async () => {
    const result = await engine.load(modelPath)
    if (!result.ok) log.error(`Model not loaded: ${result.error.message}`)
  }
  const reloadModel = (adoptSettingsModel = true) => {
    // Once the user picks a model in the app, their choice wins over HEARTH_MODEL; a change of
    // threads or context size reloads the model that is loaded now.
    if (adoptSettingsModel) modelPath = settings.current.modelPath
    return chat.stopAll().then(loadModel)
  }

  const models = new ModelService({
    dataDir: options.dataDir,
    settings,
    status: () => engine.getStatus(),
    reloadModel: () => reloadModel(),
    memory: machineMemory,
    onDownloadChanged: (status) => events.emit('models.downloadChanged', status),
    ...(options.fetch === undefined ? {} : { download: { fetch: options.fetch } }),
    log: (line) => log.info(line),
  })
  await models.start()

  const handlers = createHandlers({
    engine,
    chat,
    store,
    events,
    settings,
    models,
    reloadModel: (adoptSettingsModel) => void reloadModel(adoptSettingsModel),
    notices: () => [...settingsNotices, ...store.info.notices],
  })
  const dispatch = createDispatch(handlers, log)
  return {
    dispatch,
    events,
    engine,
    chat,
    store,
    start: loadModel,
    async dispose() {
      await models.close()
      await chat.stopAll()
      stopForwardingStatus()
      clearInterval(backupTimer)
      await engine.dispose()
      await store.backupNow('exit')
      await store.close()
    },
  }
}
