/** The two raw Electron IPC channels that carry the whole contract (names inside the payload). */
export const IPC_INVOKE = 'hearth:invoke'
export const IPC_EVENT = 'hearth:event'
