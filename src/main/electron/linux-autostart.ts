import { join } from 'node:path'

/**
 * Linux has no login-item API in Electron: desktops start what `~/.config/autostart` lists (the XDG
 * autostart spec). This is that entry for Hearth, started hidden in the tray.
 */
export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hearth',
    'Comment=A private AI assistant',
    `Exec=${quoteExecArgument(executable)} --hidden`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** Where the entry goes: `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart`. */
export function linuxAutostartPath(env: NodeJS.ProcessEnv, home: string): string {
  const config = env['XDG_CONFIG_HOME']
  return join(
    config !== undefined && config !== '' ? config : join(home, '.config'),
    'autostart',
    'hearth.desktop',
  )
}

/**
 * The program to start: the AppImage itself when running from one (its mount point changes every
 * run), else Electron's executable.
 */
export function autostartExecutable(env: NodeJS.ProcessEnv, execPath: string): string {
  const appImage = env['APPIMAGE']
  return appImage !== undefined && appImage !== '' ? appImage : execPath
}

/**
 * Quotes one Exec argument as the Desktop Entry spec asks: double quotes with \\, ", ` and $
 * escaped, then the string rule on top, which doubles every backslash.
 */
function quoteExecArgument(argument: string): string {
  if (/^[\w./-]+$/.test(argument)) return argument
  const quoted = `"${argument.replace(/[\\"`$]/g, (character) => `\\${character}`)}"`
  return quoted.replace(/\\/g, '\\\\')
}
