import os from 'node:os'
import { loadLlama } from './llama'

/** What the machine can hold: total RAM and the free VRAM of the GPU node-llama-cpp picked. */
export interface MemoryReading {
  ramBytes: number
  vramBytes: number
}

/** Total RAM, and the free VRAM of the GPU node-llama-cpp picked (0 on the CPU build). */
export async function machineMemory(): Promise<MemoryReading> {
  const ramBytes = os.totalmem()
  try {
    const llama = await loadLlama()
    if (llama.gpu === false) return { ramBytes, vramBytes: 0 }
    return { ramBytes, vramBytes: (await llama.getVramState()).free }
  } catch {
    // No binding for this machine: the estimate is for the CPU, which is what would run.
    return { ramBytes, vramBytes: 0 }
  }
}
