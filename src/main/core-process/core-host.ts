import { createCore, type Core, type CoreOptions } from '../core/create-core'
import { openAppLog } from '../core/log/app-log'
import { consoleLogger } from '../core/log/logger'
import { keySealer } from '../core/settings/key-sealer'
import { openSecretStore } from '../core/settings/secrets'
import { connectToParent, type ParentLink } from './parent-link'
import { CoreStartOptionsSchema, type ToCore } from './protocol'

/** What only the process's entry can give the core (Electron's `net.fetch` in a utility process). */
export type HostExtras = Pick<CoreOptions, 'fetch'>

/**
 * The core's own process: llama.cpp, the history and downloads run here, so a native abort in
 * llama.cpp ends this process and not the shell's windows. The shell's CoreSupervisor starts it with
 * its options as one JSON argument and carries the contract to it. Entries: core-entry.ts (headless
 * mode, a fork) and electron/core-entry.ts (a utility process).
 */
export async function runCoreHost(extras: HostExtras = {}): Promise<void> {
  const parent = connectToParent()
  if (parent === null) {
    console.error('core-host runs only as a child of a Hearth shell')
    process.exit(2)
  }
  const options = CoreStartOptionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'))
  // The shell is gone: exit at once, as a crash would. What was saved stays; a reply that was
  // streaming is marked interrupted at the next start (the history is crash-safe by design).
  parent.onDisconnect(() => process.exit(1))

  // Listen at once: the shell sends the secrets key right after starting this process.
  const secretsKey = options.sealSecrets === true ? nextSecretsKey(parent) : null
  const log = await openAppLog({ dataDir: options.dataDir, name: 'core', echo: consoleLogger })
  let core: Core
  try {
    const key = secretsKey === null ? null : await secretsKey
    const { sealSecrets: _sealSecrets, ...coreOptions } = options
    core = await createCore({
      ...coreOptions,
      ...extras,
      log,
      ...(key === null ? {} : { secrets: await openSecretStore(options.dataDir, keySealer(key)) }),
    })
  } catch (cause) {
    log.error('The core cannot start', cause)
    parent.send({ type: 'fatal', message: cause instanceof Error ? cause.message : String(cause) })
    await log.close()
    process.exit(1)
  }
  core.events.onAny((channel, payload) => parent.send({ type: 'event', channel, payload }))
  parent.onMessage((message) => void handle(message, core, parent, log.close))
  parent.send({ type: 'ready', logFolder: log.folder })
  void core.start()
}

function nextSecretsKey(parent: ParentLink): Promise<Buffer> {
  return new Promise((resolve) => {
    parent.onMessage((message) => {
      if (message.type === 'secrets-key') resolve(Buffer.from(message.key, 'base64'))
    })
  })
}

async function handle(
  message: ToCore,
  core: Core,
  parent: ParentLink,
  closeLog: () => Promise<void>,
): Promise<void> {
  if (message.type === 'secrets-key') return
  if (message.type === 'invoke') {
    const result = await core.dispatch(message.channel, message.input)
    parent.send({ type: 'result', id: message.id, result })
    return
  }
  await core.dispose()
  await closeLog()
  process.exit(0)
}
