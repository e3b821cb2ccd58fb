import { useEffect } from 'react'
import type { Theme } from '../../../shared/contract/schemas/settings'
import { useSettings } from '../stores/stores-context'

/**
 * Puts the chosen theme on the document (`data-theme`); with none, or "system", the stylesheet
 * follows the OS's light or dark appearance (`color-scheme` with `light-dark()` in base.css).
 */
export function useTheme(root: HTMLElement = document.documentElement): void {
  const theme = useSettings((state) => state.settings?.theme ?? 'system')
  useEffect(() => applyTheme(root, theme), [root, theme])
}

/** Sets `data-theme` for an explicit choice and removes it for "system". */
function applyTheme(root: HTMLElement, theme: Theme): void {
  if (theme === 'system') delete root.dataset['theme']
  else root.dataset['theme'] = theme
}
