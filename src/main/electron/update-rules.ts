/** What to do about updates at start. */
export type UpdateAction = 'ask' | 'check' | 'none'

/**
 * Hearth looks for updates only in a packaged build whose maintainer filled in a publish provider,
 * and only after the user allowed it: the first time it asks (once), afterwards it follows the
 * answer. A development build or one without a provider never contacts anything.
 */
export function updateAction(options: {
  setting: 'ask' | 'allowed' | 'denied'
  packaged: boolean
  providerConfigured: boolean
}): UpdateAction {
  if (!options.packaged || !options.providerConfigured) return 'none'
  if (options.setting === 'allowed') return 'check'
  return options.setting === 'ask' ? 'ask' : 'none'
}
