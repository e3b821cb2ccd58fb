import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Settings } from '../../shared/contract/schemas/settings'
import { keepApiExchange } from './api-server/api-history'
import { ApiService } from './api-server/api-service'
import { ChatService } from './chat/chat-service'
import { TitleMaker } from './chat/title-maker'
import type { Engine, SamplingOptions } from './engine/engine'
import { EngineSwitch } from './engine/engine-switch'
import { LlamaEngine } from './engine/llama-engine'
import { machineMemory } from './engine/machine-memory'
import { RemoteEngine } from './engine/remote/remote-engine'
import { pickThreadCount } from './engine/threads'
import { CoreEvents } from './events'
import { consoleLogger, type Logger } from './log/logger'
import type { HttpFetch } from './models/download/http-fetch'
import { ModelService } from './models/model-service'
import { createDispatch, type Dispatch } from './rpc/dispatch'
import { createHandlers } from './rpc/handlers'
import { SettingsFile } from './settings/settings-file'
import { endpointKeyName, openSecretStore, type SecretStore } from './settings/secrets'
import type { HistoryStore } from './store/history-store'
import { openHistoryStore } from './store/open-store'
import { UNDO_MS } from './rpc/conversation-handlers'

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
  /** The API server's bound on requests in flight (tests make it small). */
  apiQueueLimit?: number
}

export interface Core {
  readonly dispatch: Dispatch
  readonly events: CoreEvents
  /** The local engine (node-llama-cpp, or the one passed in options). */
  readonly engine: Engine
  /** The engine replies are made on: the local one or the remote endpoint the user chose. */
  readonly engines: EngineSwitch
  readonly chat: ChatService
  readonly store: HistoryStore
  readonly api: ApiService
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
  const localEngine =
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
  if (localEngine instanceof LlamaEngine) {
    // A state file holds its conversation's tokens: none may outlive a deleted conversation.
    void localEngine
      .pruneStates((id) => store.getConversation(id, { limit: 1 }).ok)
      .catch((cause: unknown) => log.error('Could not prune conversation states', cause))
  }
  // Chat, titles and the API server all use the switch: they never know which engine runs.
  const engine = new EngineSwitch(localEngine)
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
  // What the engine choice was last applied with, so only a real change switches engines.
  let appliedChoice: string | null = null
  /**
   * Puts the chosen engine in place: this computer, or a remote endpoint (built only now, so an
   * endpoint is contacted only once the user chose it). Replies in flight stop first.
   */
  const applyEngineChoice = async (): Promise<void> => {
    const { engineChoice, remoteEndpoints } = settings.current
    const endpoint = remoteEndpoints.find((candidate) => candidate.id === engineChoice) ?? null
    const apiKey = endpoint === null ? null : secrets.get(endpointKeyName(endpoint.id))
    const choice = JSON.stringify([endpoint, apiKey])
    if (choice === appliedChoice) return
    appliedChoice = choice
    api.stopRequests()
    await chat.stopAll()
    const remote =
      endpoint === null
        ? null
        : new RemoteEngine({
            endpoint,
            apiKey,
            log: (message, detail) => log.error(message, detail),
          })
    const result = await engine.use(remote, modelPath)
    if (!result.ok) log.error(`Engine not ready: ${result.error.message}`)
  }
  const reloadModel = (adoptSettingsModel = true) => {
    // Once the user picks a model in the app, their choice wins over HEARTH_MODEL; a change of
    // threads or context size reloads the model that is loaded now.
    if (adoptSettingsModel) modelPath = settings.current.modelPath
    api.stopRequests()
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

  const api = new ApiService({
    engine,
    secrets,
    settings: () => settings.current,
    installed: () => models.installed(),
    onChange: (status) => events.emit('api.changed', status),
    keep: (finished, model) => {
      const kept = keepApiExchange(store, finished, model)
      if (kept.ok) events.emit('conversations.changed', { ids: [kept.value] })
      else log.error(`Keeping an API conversation failed: ${kept.error.message}`)
    },
    log: (message, detail) => log.info(message, detail),
    ...(options.apiQueueLimit === undefined ? {} : { queueLimit: options.apiQueueLimit }),
  })
  // Off by default: this starts it only when the user turned it on.
  await api.apply()

  const handlers = createHandlers({
    engine,
    chat,
    store,
    events,
    settings,
    models,
    api,
    secrets,
    engineChoiceChanged: applyEngineChoice,
    afterSettingsChange: async () => {
      await api.apply()
      await applyEngineChoice()
    },
    log: (message, detail) => log.error(message, detail),
    reloadModel: (adoptSettingsModel) => void reloadModel(adoptSettingsModel),
    notices: () => [...settingsNotices, ...store.info.notices],
  })
  const dispatch = createDispatch(handlers, log)
  return {
    dispatch,
    events,
    engine: localEngine,
    engines: engine,
    chat,
    store,
    api,
    start: applyEngineChoice,
    async dispose() {
      await api.close()
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
