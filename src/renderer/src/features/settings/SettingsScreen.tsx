import { useEffect } from 'react'
import { useSettingsFields, useStores } from '../../stores/stores-context'
import { SETTINGS_SECTIONS } from './sections'
import { Screen } from '../../ui/Screen'

/**
 * Every setting, grouped in sections (one component each, listed in `sections.ts`). Each change is
 * saved at once; a section says so when a change needs the model reloaded.
 */
export function SettingsScreen() {
  const stores = useStores()
  const { settings, error, closeScreen } = useSettingsFields('settings', 'error', 'closeScreen')
  useEffect(() => {
    void stores.settings.getState().load()
  }, [stores])

  return (
    <Screen name="settings" title="Settings" onClose={closeScreen}>
      {error && (
        <p className="form-error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      {settings === null ? (
        <p>Loading settings…</p>
      ) : (
        SETTINGS_SECTIONS.map(({ id, title, Section }) => (
          <section key={id} className="settings-section" aria-labelledby={`settings-${id}`}>
            <h2 id={`settings-${id}`}>{title}</h2>
            <Section settings={settings} />
          </section>
        ))
      )}
    </Screen>
  )
}
