import type { ComponentType } from 'react'
import type { PublicSettings } from '../../../../shared/contract/schemas/settings'
import { AppearanceSection } from './AppearanceSection'
import { ApiServerSection } from './ApiServerSection'
import { ChatDefaultsSection } from './ChatDefaultsSection'
import { DesktopSection } from './DesktopSection'
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
  { id: 'appearance', title: 'Appearance', Section: AppearanceSection },
  { id: 'api', title: 'API server', Section: ApiServerSection },
  { id: 'desktop', title: 'Quick prompt and desktop', Section: DesktopSection },
]
