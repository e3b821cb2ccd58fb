import { describe, expect, it } from 'vitest'
import { autostartExecutable, linuxAutostartEntry, linuxAutostartPath } from './linux-autostart'

describe('open at login on Linux (XDG autostart)', () => {
  it('starts Hearth hidden from the AppImage or the installed executable', () => {
    expect(linuxAutostartEntry('/opt/Hearth/hearth')).toContain(
      'Exec=/opt/Hearth/hearth --hidden\n',
    )
    expect(linuxAutostartEntry('/home/me/Apps/My "Hearth" $1.AppImage')).toContain(
      'Exec="/home/me/Apps/My \\\\"Hearth\\\\" \\\\$1.AppImage" --hidden',
    )
    expect(
      autostartExecutable({ APPIMAGE: '/home/me/Hearth.AppImage' }, '/tmp/.mount_x/hearth'),
    ).toBe('/home/me/Hearth.AppImage')
    expect(autostartExecutable({}, '/opt/Hearth/hearth')).toBe('/opt/Hearth/hearth')
  })

  it('goes in the user autostart folder', () => {
    expect(linuxAutostartPath({}, '/home/me')).toBe('/home/me/.config/autostart/hearth.desktop')
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(
      '/cfg/autostart/hearth.desktop',
    )
  })
})
