import type { ComponentType } from 'react'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { ApiServerSection } from './ApiServerSection'
import { ChatDefaultsSection } from './ChatDefaultsSection'
import { HubSection } from './HubSection'
import { RuntimeSection } from './RuntimeSection'

/** One group of settings on the Settings screen. */
export interface SettingsSectionEntry {
  id: string
  title: string
  Section: ComponentType<{ settings: PublicSettings }>
}

/** The Settings screen's sections, in the order shown. */
export const SETTINGS_SECTIONS: readonly SettingsSectionEntry[] = [
  { id: 'chat', title: 'Chat defaults', Section: ChatDefaultsSection },
  { id: 'runtime', title: 'Model runtime', Section: RuntimeSection },
  { id: 'hub', title: 'Hugging Face', Section: HubSection },
  { id: 'api', title: 'API server', Section: ApiServerSection },
]
