import { z } from 'zod'
import { EVENT_CHANNELS } from '../../shared/contract/channel-names'

/**
 * The messages between a shell's supervisor and the core's own process (a `child_process.fork` in
 * headless mode, an Electron `utilityProcess` in the app). The contract's requests and events pass
 * through unchanged; the core validates every request itself, as it does in-process.
 */
export type ToCore =
  | { type: 'invoke'; id: number; channel: unknown; input: unknown }
  /** Stop replies, save, close the history, exit. */
  | { type: 'shutdown' }
  /**
   * The key that seals secrets (the Electron shell keeps it in the OS keychain). Sent by message,
   * never as an argument: a process's command line is readable by other processes.
   */
  | { type: 'secrets-key'; key: string }

export const FromCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('event'), channel: z.enum(EVENT_CHANNELS), payload: z.unknown() }),
  /** The core is open and answering; its log is in `logFolder`. */
  z.object({ type: z.literal('ready'), logFolder: z.string().nullable() }),
  /** The core cannot start at all (the history cannot be opened): restarting will not help. */
  z.object({ type: z.literal('fatal'), message: z.string() }),
])
export type FromCore = z.infer<typeof FromCoreSchema>

/** What the core process is started with (its one argument, as JSON). */
export const CoreStartOptionsSchema = z.object({
  dataDir: z.string(),
  modelPathOverride: z.string().nullable(),
  threads: z.number().int().positive().optional(),
  /** Wait for a `secrets-key` message and seal secrets with it (the Electron shell's keychain). */
  sealSecrets: z.boolean().optional(),
})
export type CoreStartOptions = z.infer<typeof CoreStartOptionsSchema>

/** A running core process as the supervisor drives it, whichever API started it. */
export interface CoreProcess {
  readonly pid: number | undefined
  send(message: ToCore): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once when the process has ended, for whatever reason. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
}
