/**
 * The child of the download reliability run: downloads one file with the real DownloadManager
 * and prints every status as a JSON line, so the parent can SIGKILL it mid-download and see,
 * on the next run, which offset it resumed from.
 *
 *   node --import ./scripts/ts-resolve.mjs scripts/reliability/download-child.ts \
 *     --endpoint URL --models-dir DIR --repo owner/name --file name.gguf [--disk-free BYTES]
 *
 * `--disk-free` answers the free-space check with BYTES instead of asking the disk (the full-disk
 * test: a disk that fills up after the check).
 */
import { DownloadManager } from '../../src/main/core/models/download/download-manager'

function optionalArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? undefined : process.argv[i + 1]
}

function arg(name: string): string {
  const value = optionalArg(name)
  if (value === undefined) throw new Error(`missing --${name}`)
  return value
}

const diskFree = optionalArg('disk-free')

const manager = new DownloadManager({
  modelsDir: arg('models-dir'),
  hub: () => ({ endpoint: arg('endpoint') }),
  progressIntervalMs: 20,
  retry: { baseDelayMs: 50, maxDelayMs: 500 },
  ...(diskFree === undefined ? {} : { diskFree: () => Promise.resolve(Number(diskFree)) }),
})
manager.onStatus((status) => process.stdout.write(`${JSON.stringify(status)}\n`))
const file = arg('file')
const started = manager.startTarget({ name: file, repo: arg('repo'), file })
const final = await manager.wait(started.downloadId)
process.exitCode = final.ok && final.value.phase === 'done' ? 0 : 1
