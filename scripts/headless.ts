// `npm run headless -- [--port N] [--data DIR] [--model FILE] [--threads N]`: builds first when the
// build is missing or older than the sources, then starts headless Hearth (out/main/headless.js).
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** What the build is made from: a change to any of these makes out/ stale. */
export const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json']
/** The files headless mode runs; any missing one means there is no usable build. */
export const BUILD_OUTPUTS = ['out/main/headless.js', 'out/renderer/index.html']

/** The newest modification time under `path` (a file or a folder), or 0 when it does not exist. */
export function newestMtime(path: string): number {
  let info
  try {
    info = statSync(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Why the build must be made again, or null when out/ is current. */
export function buildStaleness(root: string): string | null {
  const built = BUILD_OUTPUTS.map((file) => newestMtime(join(root, file)))
  if (built.some((time) => time === 0)) return 'there is no build yet'
  const oldestOutput = Math.min(...built)
  const changed = BUILD_INPUTS.find((input) => newestMtime(join(root, input)) > oldestOutput)
  return changed === undefined ? null : `${changed} changed since the last build`
}

function main(): void {
  const root = process.cwd()
  const stale = buildStaleness(root)
  if (stale !== null) {
    console.log(`Building Hearth first (${stale})…`)
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', cwd: root })
    if (build.status !== 0) process.exit(build.status ?? 1)
  }
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/headless.js'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  )
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (import.meta.main) main()
