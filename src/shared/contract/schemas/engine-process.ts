import { z } from 'zod'

/**
 * The process that runs the core (llama.cpp, the history, downloads), as the shell's supervisor
 * sees it. A native abort in llama.cpp ends that process, never the windows: the supervisor
 * restarts it and says so, and gives up after repeated crashes so it never restarts in a loop.
 */
const EngineProcessStateSchema = z.enum(['running', 'restarting', 'stopped'])

export const EngineProcessSchema = z.object({
  state: EngineProcessStateSchema,
  /** What the window shows while restarting or stopped; null while running. */
  message: z.string().nullable(),
  /** Where the log is, for "the details are in the log" (null when there is no log file). */
  logFolder: z.string().nullable(),
  /** How many times the core has been restarted since Hearth started. */
  restarts: z.number().int().nonnegative(),
})
export type EngineProcess = z.infer<typeof EngineProcessSchema>
