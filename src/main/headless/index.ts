import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openAppLog } from '../core/log/app-log'
import { consoleLogger } from '../core/log/logger'
import { forkCore } from '../core-process/fork-core'
import { CoreSupervisor } from '../core-process/supervisor'
import { parseHeadlessArgs } from './args'
import { startHeadlessServer } from './server'

/**
 * Headless Hearth: the same core in plain Node, the same renderer in a browser, the contract over a
 * loopback WebSocket. Built to out/main/headless.js; run with `npm run headless -- --data DIR ...`.
 */
async function main(): Promise<void> {
  const args = parseHeadlessArgs(process.argv.slice(2), process.env)
  if ('error' in args) {
    console.error(`hearth headless: ${args.error}`)
    console.error(
      'usage: npm run headless -- [--port N] [--data DIR] [--model FILE.gguf] [--threads N]',
    )
    process.exit(2)
  }
  const dataDir = resolve(args.dataDir)
  const log = await openAppLog({ dataDir, name: 'shell', echo: consoleLogger })
  log.info(`Hearth headless starting; its log is in ${log.folder}`)
  // Say which folder is used: without --data it is the desktop app's, with its history and models.
  console.log(
    args.defaultDataDir
      ? `Hearth headless uses the app's data folder ${resolve(args.dataDir)} (--data DIR for another)`
      : `Hearth headless uses the data folder ${resolve(args.dataDir)}`,
  )
  const here = dirname(fileURLToPath(import.meta.url))
  // The core runs in its own process: a native abort in llama.cpp ends that process, and the
  // supervisor restarts it while this server and the open windows stay up.
  const core = new CoreSupervisor({
    log,
    spawn: () =>
      forkCore(join(here, 'core-host.js'), {
        dataDir,
        modelPathOverride: args.modelPath === null ? null : resolve(args.modelPath),
        ...(args.threads === null ? {} : { threads: args.threads }),
      }),
  })
  try {
    await core.start()
  } catch (cause) {
    log.error('Hearth headless cannot start', cause)
    console.error(
      `hearth headless cannot start: ${cause instanceof Error ? cause.message : String(cause)}`,
    )
    await log.close()
    process.exit(1)
  }
  const server = await startHeadlessServer({
    core,
    rendererDir: join(here, '../renderer'),
    port: args.port,
  })
  console.log(`Hearth headless at ${server.url}`)

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    await server.close()
    await core.stop()
    await log.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

void main()
