import {
  DEFAULT_SETTINGS,
  publicSettings,
  type PublicSettings,
  type SettingsPatch,
} from '../../../shared/contract/schemas/settings'
import { FakeTransport } from './fake-transport'
import { ok } from './fixtures'

/**
 * A transport whose settings behave like the core's: each patch is applied and the new settings
 * answered; the token is taken, never answered. `saved` lists the patches in order.
 */
export function settingsTransport(): { transport: FakeTransport; saved: SettingsPatch[] } {
  let current: PublicSettings = publicSettings(DEFAULT_SETTINGS)
  const saved: SettingsPatch[] = []
  const transport = new FakeTransport()
    .respond('settings.get', () => ok(current))
    .respond('settings.update', (input) => {
      const patch = input as SettingsPatch
      saved.push(patch)
      const { hfToken, ...rest } = patch
      current = {
        ...current,
        ...rest,
        ...(hfToken === undefined ? {} : { hfTokenSet: hfToken !== null }),
      }
      return ok(current)
    })
  return { transport, saved }
}
