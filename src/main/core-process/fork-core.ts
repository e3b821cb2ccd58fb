import { fork } from 'node:child_process'
import type { CoreProcess, CoreStartOptions } from './protocol'

/** Starts the core process with Node's `child_process.fork` (headless mode; tests). */
export function forkCore(entry: string, options: CoreStartOptions): CoreProcess {
  const child = fork(entry, [JSON.stringify(options)], { stdio: 'inherit' })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return {
    pid: child.pid,
    send: (message) => {
      // A send to a process that just died fails; its exit is handled by onExit.
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => void exited.then(listener),
    kill: () => child.kill('SIGKILL'),
  }
}
