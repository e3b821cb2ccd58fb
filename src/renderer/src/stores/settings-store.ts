import { createStore, type StoreApi } from 'zustand/vanilla'
import type { SettingsPatch, PublicSettings } from '../../../shared/contract/schemas/settings'
import type { HearthClient } from '../transport/client'

interface SettingsData {
  settings: PublicSettings | null
  saving: boolean
  /** Why the last save or load failed, for the user. */
  error: string | null
  /** The Settings screen is open (from the sidebar or Ctrl/Cmd+,). */
  screenOpen: boolean
}

interface SettingsActions {
  load: () => Promise<void>
  /** Saves a change; resolves true when main accepted it. */
  update: (patch: SettingsPatch) => Promise<boolean>
  openScreen: () => void
  closeScreen: () => void
}

export type SettingsState = SettingsData & SettingsActions

const initialSettingsData: SettingsData = {
  settings: null,
  saving: false,
  error: null,
  screenOpen: false,
}

/** A fresh settings store bound to `client`. */
export function createSettingsStore(client: HearthClient): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set) => ({
    ...initialSettingsData,
    openScreen: () => set({ screenOpen: true }),
    closeScreen: () => set({ screenOpen: false }),
    async load() {
      const result = await client.invoke('settings.get', {})
      if (result.ok) set({ settings: result.value, error: null })
      else set({ error: result.error.message })
    },
    async update(patch) {
      set({ saving: true, error: null })
      const result = await client.invoke('settings.update', patch)
      if (result.ok) set({ settings: result.value, saving: false })
      else set({ saving: false, error: result.error.message })
      return result.ok
    },
  }))
}
