import type { ComponentType } from 'react'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { HubSection } from './HubSection'

/** One group of settings on the Settings screen. */
export interface SettingsSectionEntry {
  id: string
  title: string
  Section: ComponentType<{ settings: PublicSettings }>
}

/** The Settings screen's sections, in the order shown. */
export const SETTINGS_SECTIONS: readonly SettingsSectionEntry[] = [
  { id: 'hub', title: 'Hugging Face', Section: HubSection },
]
