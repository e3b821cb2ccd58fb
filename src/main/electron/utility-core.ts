import { utilityProcess } from 'electron'
import type { CoreProcess, CoreStartOptions } from '../core-process/protocol'

/**
 * Starts the core in an Electron utility process (a Node process Electron supervises, with no
 * windows). Requests and events pass through main unchanged rather than over a port handed to the
 * renderer: the supervisor must answer while the core restarts, and the trusted-sender check and
 * the contract's one channel stay in one place (ipc-bridge.ts).
 */
export function startUtilityCore(
  entry: string,
  options: CoreStartOptions,
  secretsKey: Buffer | null = null,
): CoreProcess {
  const child = utilityProcess.fork(
    entry,
    [JSON.stringify({ ...options, sealSecrets: secretsKey !== null })],
    { serviceName: 'Hearth core', stdio: 'inherit' },
  )
  // The key goes by message, never on the command line (readable by other processes).
  if (secretsKey !== null)
    child.postMessage({ type: 'secrets-key', key: secretsKey.toString('base64') })
  const exited = new Promise<number>((resolve) => child.once('exit', resolve))
  return {
    get pid() {
      return child.pid
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => void exited.then(listener),
    kill: () => void child.kill(),
  }
}
