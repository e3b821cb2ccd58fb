import { readdir, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { InstalledModel } from '../../../shared/contract/schemas/model-channels'
import {
  QuantSchema,
  type CatalogueEntry,
  type DownloadInput,
  type DownloadStatus,
  type FitReport,
  type Quant,
} from '../../../shared/contract/schemas/models'
import type { Settings, SettingsPatch } from '../../../shared/contract/schemas/settings'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { CATALOGUE, DEFAULT_MODEL_ID, parseModelSource } from './catalogue'
import { DownloadManager, type DownloadManagerOptions } from './download/download-manager'
import { decideFit, estimateNeedFromSize, type MachineMemory } from './fit'
import { checkGgufFile } from './gguf-check'
import { LocalRegistry } from './local-registry'

/** The settings file as the model service needs it (kept structural: models never import settings). */
interface SettingsAccess {
  readonly current: Settings
  update(patch: SettingsPatch): Promise<Result<Settings>>
}

export interface ModelServiceOptions {
  /** The app's data folder: models go to `<dataDir>/models`, the local list beside settings. */
  dataDir: string
  settings: SettingsAccess
  /** The engine's status now (which model is loaded or loading). */
  status: () => AppStatus
  /** Loads `settings.modelPath` (createCore's reload: stops replies first); resolves when done. */
  reloadModel: () => Promise<void>
  /** Every download status change, for the `models.downloadChanged` event. */
  onDownloadChanged: (status: DownloadStatus) => void
  /** Total RAM and free VRAM (createCore gives the engine's reading; models never import the engine). */
  memory: () => Promise<MachineMemory>
  /** Extra download manager options (tests: retry, progress interval, disk space). */
  download?: Omit<DownloadManagerOptions, 'modelsDir' | 'hub' | 'checkFile'>
  log?: (line: string) => void
}

/**
 * Owns the models folder: downloads (through the DownloadManager), the list of user-added local
 * files, the installed list, switching and deleting models, and the fit estimate. A download that
 * finishes while no model is loaded (the first-run screen) is activated by itself.
 */
export class ModelService {
  readonly modelsDir: string
  readonly downloads: DownloadManager
  readonly #options: ModelServiceOptions
  readonly #registry: LocalRegistry
  readonly #log: (line: string) => void
  readonly #stopListening: () => void
  #autoActivation: Promise<void> = Promise.resolve()

  constructor(options: ModelServiceOptions) {
    this.#options = options
    this.#log = options.log ?? (() => undefined)
    this.modelsDir = path.resolve(options.dataDir, 'models')
    this.#registry = new LocalRegistry(options.dataDir)
    this.downloads = new DownloadManager({
      ...options.download,
      modelsDir: this.modelsDir,
      // Read when each download starts: a changed endpoint or token applies to the next one.
      hub: () => ({
        endpoint: options.settings.current.hfEndpoint ?? process.env.HF_ENDPOINT ?? null,
        token: options.settings.current.hfToken,
      }),
      // A file that matches its hash but is no model never reaches the installed list.
      checkFile: checkGgufFile,
      log: this.#log,
    })
    this.#stopListening = this.downloads.onStatus((status) => {
      options.onDownloadChanged(status)
      if (status.phase === 'done' && status.path !== null) this.#autoActivate(status.path)
    })
  }

  /** Reads the local list and lists parts left by an earlier run as paused downloads. */
  async start(): Promise<void> {
    await this.#registry.load(this.#log)
    const partials = await this.downloads.scanPartials()
    for (const status of partials) this.#options.onDownloadChanged(status)
  }

  /** Resolves once a pending automatic activation (after a finished download) has settled. */
  settled(): Promise<void> {
    return this.#autoActivation
  }

  catalogue(): { entries: CatalogueEntry[]; defaultModelId: string } {
    return { entries: [...CATALOGUE], defaultModelId: DEFAULT_MODEL_ID }
  }

  /** How each quant of a catalogue model fits this machine, and which one to pick. */
  async fit(modelId: string): Promise<Result<FitReport>> {
    const entry = CATALOGUE.find((e) => e.id === modelId)
    if (!entry) return err('NOT_FOUND', `There is no model "${modelId}" in the catalogue.`)
    const memory = await this.#options.memory()
    const needs = entry.quants.map((q) => estimateNeedFromSize(q.quant, q.approxBytes))
    return ok(decideFit(needs, memory, undefined, entry.defaultQuant))
  }

  download(input: DownloadInput): Result<DownloadStatus> {
    return this.downloads.start(input)
  }

  /** Verified downloads in the models folder, the local files the user added, and the active one. */
  async installed(): Promise<InstalledModel[]> {
    const active = this.#activePath()
    const models: InstalledModel[] = []
    for (const file of await findModelFiles(this.modelsDir, 4)) {
      const size = await fileSize(file)
      if (size !== null) models.push({ ...this.#describe(file), sizeBytes: size, active: false })
    }
    for (const entry of this.#registry.entries) {
      if (models.some((m) => m.path === entry.path)) continue
      const size = await fileSize(entry.path)
      if (size === null) continue
      models.push({ ...localModel(entry.path, entry.name), sizeBytes: size, active: false })
    }
    // A model given with HEARTH_MODEL or --model is in neither list but is still the one in use.
    if (active !== null && !models.some((m) => m.path === active)) {
      const size = await fileSize(active)
      if (size !== null) models.push({ ...localModel(active, null), sizeBytes: size, active: true })
    }
    return models.map((m) => ({ ...m, active: m.path === active }))
  }

  /** Check a local file and add it to the list (it is not loaded: `activate` does that). */
  async addLocal(input: string): Promise<Result<InstalledModel>> {
    const source = parseModelSource(input)
    if (!source.ok) return source
    if (source.value.kind !== 'local') {
      return err('INVALID_INPUT', 'That is a Hugging Face source: download it instead.')
    }
    const checked = await checkGgufFile(source.value.path)
    if (!checked.ok) return checked
    const file = checked.value.path
    const name = checked.value.name ?? path.basename(file, '.gguf')
    if (!this.#inModelsDir(file)) await this.#registry.add({ path: file, name })
    const described = this.#inModelsDir(file) ? this.#describe(file) : localModel(file, name)
    return ok({ ...described, sizeBytes: checked.value.sizeBytes, active: false })
  }

  /** Check the file is a GGUF, save it as the model in settings and load it. */
  async activate(input: string): Promise<Result<AppStatus>> {
    // Checked as given: a relative path is refused, never resolved against the core's folder.
    const checked = await checkGgufFile(input)
    if (!checked.ok) return checked
    const file = path.normalize(input)
    const saved = await this.#options.settings.update({ modelPath: file })
    if (!saved.ok) return saved
    await this.#options.reloadModel()
    return ok(this.#options.status())
  }

  /**
   * Delete a downloaded model, or take a user-added file off the list (the file stays where the
   * user keeps it: `deleted` is false then). The loaded model is refused: switch first.
   */
  async delete(input: string): Promise<Result<{ deleted: boolean }>> {
    // Never resolved against the core's working folder: the user names the file in full.
    if (!path.isAbsolute(input)) {
      return err('INVALID_INPUT', 'Give the full path of the model to delete, not a relative one.')
    }
    const file = path.normalize(input)
    if (this.#activePath() === file) {
      return err('BUSY', 'This model is in use. Switch to another model before deleting it.')
    }
    // Only what the installed list shows: never a download's part or sidecar, nor any other file
    // that happens to sit in the models folder (issue 10).
    const inFolder =
      this.#inModelsDir(file) && (await findModelFiles(this.modelsDir, 4)).includes(file)
    if (!inFolder && !this.#registry.has(file)) {
      return err('NOT_FOUND', 'Hearth only deletes models it downloaded or that you added.')
    }
    if (inFolder) {
      try {
        await unlink(file)
      } catch (cause) {
        this.#log(`delete ${file}: ${String(cause)}`)
        return err('NOT_FOUND', `Hearth could not delete ${file}. It may already be gone.`)
      }
    }
    if (this.#registry.has(file)) await this.#registry.remove(file)
    // A model that failed to load is still in settings: forget it, so the next start is clean.
    if (this.#options.settings.current.modelPath === file) {
      const cleared = await this.#options.settings.update({ modelPath: null })
      if (cleared.ok) await this.#options.reloadModel()
    }
    return ok({ deleted: inFolder })
  }

  /** Pause running downloads (their parts stay for the next start) and stop listening. */
  async close(): Promise<void> {
    await this.downloads.close()
    this.#stopListening()
    await this.#autoActivation
  }

  #autoActivate(file: string): void {
    const state = this.#options.status().state
    if (state === 'ready' || state === 'loading') return
    this.#autoActivation = this.#autoActivation.then(async () => {
      const result = await this.activate(file)
      if (!result.ok) this.#log(`activating ${file}: ${result.error.message}`)
    })
  }

  #activePath(): string | null {
    const status = this.#options.status()
    if (status.state !== 'ready' && status.state !== 'loading') return null
    return status.modelPath === null ? null : path.resolve(status.modelPath)
  }

  #inModelsDir(file: string): boolean {
    const rel = path.relative(this.modelsDir, file)
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  }

  /** Name, quant and repo of a file in the models folder (`<owner>/<repo>/<file>`). */
  #describe(file: string): Omit<InstalledModel, 'sizeBytes' | 'active'> {
    const parts = path.relative(this.modelsDir, file).split(path.sep)
    const repo = parts.length >= 3 ? `${parts[0]}/${parts[1]}` : null
    const repoFile = parts.slice(2).join('/')
    for (const entry of CATALOGUE) {
      const q = entry.quants.find((x) => x.repo === repo && x.file === repoFile)
      if (q) return { path: file, name: `${entry.displayName} ${q.quant}`, quant: q.quant, repo }
    }
    return { ...localModel(file, null), repo }
  }
}

function localModel(
  file: string,
  name: string | null,
): Omit<InstalledModel, 'sizeBytes' | 'active'> {
  return {
    path: file,
    name: name ?? path.basename(file, '.gguf'),
    quant: quantIn(file),
    repo: null,
  }
}

/** The quant a file name mentions (`…-Q4_K_M.gguf`), if any. */
function quantIn(file: string): Quant | null {
  const base = path.basename(file).toUpperCase()
  return QuantSchema.options.find((q) => base.includes(q)) ?? null
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const s = await stat(file)
    return s.isFile() ? s.size : null
  } catch {
    return null
  }
}

/** Verified model files: only a hash-checked download is renamed to `.gguf` (parts end `.part`). */
async function findModelFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const out: string[] = []
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name)
    if (e.isFile() && e.name.toLowerCase().endsWith('.gguf')) out.push(full)
    else if (e.isDirectory() && depth > 0) out.push(...(await findModelFiles(full, depth - 1)))
  }
  return out
}
