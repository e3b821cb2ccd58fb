import { cpus } from 'node:os'

/** Busy CPU time of the whole machine so far, in milliseconds summed over its cores. */
function machineBusyMs(): number {
  return cpus().reduce(
    (sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq,
    0,
  )
}

/**
 * Starts watching how busy other processes keep the machine; the function returned gives it, in
 * cores, since the start (the machine's busy time less this process's own). A benchmark logs it
 * beside its rounds so that a figure taken while something else ran can be told apart and rerun.
 */
export function watchOtherLoad(): () => number {
  const wallStart = performance.now()
  const busyStart = machineBusyMs()
  const ownStart = process.cpuUsage()
  return () => {
    const own = process.cpuUsage(ownStart)
    const othersMs = machineBusyMs() - busyStart - (own.user + own.system) / 1000
    const wallMs = performance.now() - wallStart
    return wallMs > 0 ? Math.max(0, othersMs / wallMs) : 0
  }
}
