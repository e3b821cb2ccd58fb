import { utilityProcess } from 'electron'
import type { CoreProcess, CoreStartOptions } from '../core-process/protocol'

/**
 * Starts the core in an Electron utility process (a Node process Electron supervises, with no
 * windows). Requests and events pass through main unchanged rather than over a port handed to the
 * renderer: the supervisor must answer while the core restarts, and the trusted-sender check and
 * the contract's one channel stay in one place (ipc-bridge.ts).
 */
export function startUtilityCore(entry: string, options: CoreStartOptions): CoreProcess {
  const child = utilityProcess.fork(entry, [JSON.stringify(options)], {
    serviceName: 'Hearth core',
    stdio: 'inherit',
  })
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
