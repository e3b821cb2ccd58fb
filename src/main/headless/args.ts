import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

export interface HeadlessArgs {
  port: number
  dataDir: string
  /** No `--data`: the app's own per-user folder, shared with the desktop app. */
  defaultDataDir: boolean
  modelPath: string | null
  threads: number | null
}

/**
 * The desktop app's per-user data folder (Electron's `userData` for the product name "Hearth"), so
 * headless mode without `--data` sees the same settings, models and history as the app.
 */
export function appDataDir(
  platform: string,
  env: NodeJS.ProcessEnv,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Hearth')
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Hearth')
  const config = env['XDG_CONFIG_HOME']
  return join(config !== undefined && config !== '' ? config : join(home, '.config'), 'Hearth')
}

/**
 * `--port N [--data DIR] --model FILE [--threads N]`; without `--data`, the app's data folder. `--model` falls back to `HEARTH_MODEL`; `--port 0`
 * lets the system pick a free port (the printed line gives the real one).
 */
export function parseHeadlessArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): HeadlessArgs | { error: string } {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '0' },
        data: { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
      },
      strict: true,
    }).values
  } catch (cause) {
    return { error: cause instanceof Error ? cause.message : String(cause) }
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: `--port must be 0-65535, not ${values.port}` }
  const defaultDataDir = values.data === undefined || values.data.length === 0
  const threads = values.threads === undefined ? null : Number(values.threads)
  if (threads !== null && (!Number.isInteger(threads) || threads < 1))
    return { error: '--threads must be a positive integer' }
  const modelPath = values.model ?? env['HEARTH_MODEL'] ?? null
  return {
    port,
    dataDir: defaultDataDir ? appDataDir(process.platform, env) : (values.data ?? ''),
    defaultDataDir,
    modelPath: modelPath === '' ? null : modelPath,
    threads,
  }
}
