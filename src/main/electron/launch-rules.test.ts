import { describe, expect, it } from 'vitest'
import {
  decideMainWindowClose,
  firstLaunchView,
  loginItemSettings,
  parseLaunchArgs,
  secondInstanceAction,
} from './launch-rules'

describe('launch rules', () => {
  it('a second launch focuses the running Hearth, or opens its quick prompt with --quick', () => {
    expect(secondInstanceAction(['/opt/Hearth/hearth'])).toBe('focus')
    expect(secondInstanceAction(['/opt/Hearth/hearth', '--quick'])).toBe('quick')
    expect(parseLaunchArgs(['x', '--hidden', '--no-sandbox'])).toEqual({
      quick: false,
      hidden: true,
    })
  })

  it('the first launch shows the main window, the quick prompt, or nothing when started at login with a tray', () => {
    expect(firstLaunchView(['hearth'], true)).toBe('main')
    expect(firstLaunchView(['hearth', '--quick'], true)).toBe('quick')
    expect(firstLaunchView(['hearth', '--hidden'], true)).toBe('none')
    expect(firstLaunchView(['hearth', '--hidden'], false)).toBe('main')
  })

  it('the login item starts Hearth hidden', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, args: ['--hidden'] })
    expect(loginItemSettings(false)).toEqual({ openAtLogin: false, args: [] })
  })

  it('closing the main window keeps Hearth in the tray, with a notice the first time only', () => {
    const on = { quitting: false, closeToTray: true, trayAvailable: true, trayNoticeShown: false }
    expect(decideMainWindowClose(on)).toEqual({ action: 'hide', showTrayNotice: true })
    expect(decideMainWindowClose({ ...on, trayNoticeShown: true })).toEqual({
      action: 'hide',
      showTrayNotice: false,
    })
    for (const change of [{ quitting: true }, { closeToTray: false }, { trayAvailable: false }])
      expect(decideMainWindowClose({ ...on, ...change })).toEqual({
        action: 'close',
        showTrayNotice: false,
      })
  })
})
