import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Result } from '../../../shared/contract/result'
import type { InstalledModel } from '../../../shared/contract/schemas/model-channels'
import type {
  CatalogueEntry,
  DownloadInput,
  DownloadStatus,
  FitReport,
  Quant,
} from '../../../shared/contract/schemas/models'
import type { HearthClient } from '../transport/client'

interface ModelsData {
  catalogue: CatalogueEntry[]
  defaultModelId: string | null
  /** The model and quant picked on the first-run screen. */
  selectedModelId: string | null
  selectedQuant: Quant | null
  /** Fit reports by catalogue model id. */
  fits: Record<string, FitReport>
  /** Downloads by id, in the order they were first seen. */
  downloads: Record<string, DownloadStatus>
  /** Null until the first `models.installed` answer. */
  installed: InstalledModel[] | null
  /** True once the first-run screen started a download or a switch: it stays up while loading. */
  firstRunBusy: boolean
  /** The Models screen is open (from the status line). */
  screenOpen: boolean
  /** Why the last action failed, for the user. */
  error: string | null
  /** Something is being added or switched to. */
  pending: boolean
}

interface ModelsActions {
  /** Catalogue, downloads and installed models, then the fit of the default model. */
  load: () => Promise<void>
  /** Follows `models.downloadChanged` and reconnects; returns an unsubscribe. */
  connect: () => () => void
  select: (modelId: string) => void
  selectQuant: (quant: Quant) => void
  loadFit: (modelId: string) => Promise<void>
  /** Downloads the selected catalogue quant, or `input` when given. */
  download: (input?: DownloadInput) => Promise<boolean>
  pause: (downloadId: string) => Promise<void>
  resume: (downloadId: string) => Promise<void>
  cancel: (downloadId: string) => Promise<void>
  refreshInstalled: () => Promise<void>
  /** Checks a local .gguf, adds it to the list and switches to it. */
  addLocal: (path: string) => Promise<boolean>
  activate: (path: string) => Promise<boolean>
  remove: (path: string) => Promise<boolean>
  openScreen: () => void
  closeScreen: () => void
  clearError: () => void
}

export type ModelsState = ModelsData & ModelsActions

/** A fresh models store bound to `client`. */
export function createModelsStore(client: HearthClient): StoreApi<ModelsState> {
  return createStore<ModelsState>()((set, get) => {
    const track = (status: DownloadStatus) =>
      set((state) => ({ downloads: { ...state.downloads, [status.downloadId]: status } }))

    const fail = (message: string) => set({ error: message, pending: false })

    async function refreshInstalled(): Promise<void> {
      const result = await client.invoke('models.installed', {})
      if (result.ok) set({ installed: result.value.models })
      else fail(result.error.message)
    }

    async function loadFit(modelId: string): Promise<void> {
      const result = await client.invoke('models.fit', { modelId })
      if (!result.ok) {
        fail(result.error.message)
        return
      }
      set((state) => ({
        fits: { ...state.fits, [modelId]: result.value },
        // The recommended quant is preselected unless the user already picked one.
        selectedQuant:
          state.selectedModelId === modelId && state.selectedQuant === null
            ? (result.value.recommended ?? state.selectedQuant)
            : state.selectedQuant,
      }))
    }

    async function load(): Promise<void> {
      const [catalogue, downloads] = await Promise.all([
        client.invoke('models.catalogue', {}),
        client.invoke('models.downloads', {}),
        refreshInstalled(),
      ])
      if (!catalogue.ok) {
        fail(catalogue.error.message)
        return
      }
      if (downloads.ok) for (const d of downloads.value.downloads) track(d)
      const { entries, defaultModelId } = catalogue.value
      const selected = get().selectedModelId ?? defaultModelId
      set({ catalogue: entries, defaultModelId, selectedModelId: selected })
      await loadFit(selected)
    }

    async function act(run: () => Promise<Result<DownloadStatus>>): Promise<void> {
      const result = await run()
      if (result.ok) track(result.value)
      else fail(result.error.message)
    }

    return {
      catalogue: [],
      defaultModelId: null,
      selectedModelId: null,
      selectedQuant: null,
      fits: {},
      downloads: {},
      installed: null,
      firstRunBusy: false,
      screenOpen: false,
      error: null,
      pending: false,
      load,
      loadFit,
      refreshInstalled,
      connect() {
        const offDownload = client.on('models.downloadChanged', (status) => {
          track(status)
          if (status.phase === 'done') void refreshInstalled()
        })
        const offReconnect = client.onReconnect(() => void load())
        return () => {
          offDownload()
          offReconnect()
        }
      },
      select(modelId) {
        const entry = get().catalogue.find((e) => e.id === modelId)
        const fit = get().fits[modelId]
        set({
          selectedModelId: modelId,
          selectedQuant: fit?.recommended ?? null,
        })
        if (entry && !fit) void loadFit(modelId)
      },
      selectQuant(quant) {
        set({ selectedQuant: quant })
      },
      async download(input) {
        const { selectedModelId, selectedQuant } = get()
        const request =
          input ??
          (selectedModelId !== null && selectedQuant !== null
            ? { modelId: selectedModelId, quant: selectedQuant }
            : null)
        if (request === null) {
          fail('Choose a model and a size first.')
          return false
        }
        set({ error: null, firstRunBusy: true })
        const result = await client.invoke('models.download', request)
        if (result.ok) track(result.value)
        else fail(result.error.message)
        return result.ok
      },
      pause: (downloadId) => act(() => client.invoke('models.pause', { downloadId })),
      resume: (downloadId) => act(() => client.invoke('models.resume', { downloadId })),
      cancel: (downloadId) => act(() => client.invoke('models.cancel', { downloadId })),
      async addLocal(path) {
        set({ pending: true, error: null })
        const added = await client.invoke('models.addLocal', { path: path.trim() })
        if (!added.ok) {
          fail(added.error.message)
          return false
        }
        return get().activate(added.value.path)
      },
      async activate(path) {
        set({ pending: true, error: null, firstRunBusy: true })
        const result = await client.invoke('models.activate', { path })
        if (!result.ok) {
          fail(result.error.message)
          return false
        }
        set({ pending: false })
        await refreshInstalled()
        return true
      },
      async remove(path) {
        set({ error: null })
        const result = await client.invoke('models.delete', { path })
        if (!result.ok) fail(result.error.message)
        await refreshInstalled()
        return result.ok
      },
      openScreen: () => set({ screenOpen: true }),
      closeScreen: () => set({ screenOpen: false }),
      clearError: () => set({ error: null }),
    }
  })
}
