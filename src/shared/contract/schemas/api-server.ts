import { z } from 'zod'

/** The API server's port when the user has not chosen one. */
export const DEFAULT_API_PORT = 4311

/** What the window shows about the local OpenAI-compatible server (never its key). */
export const ApiServerStatusSchema = z.object({
  enabled: z.boolean(),
  /** The port it listens on, or would. */
  port: z.number().int().min(0).max(65_535),
  listening: z.boolean(),
  /** The base URL clients use (`http://127.0.0.1:4311/v1`), null when not listening. */
  baseUrl: z.string().nullable(),
  /** Why it is not listening though enabled (a port in use), for the user. */
  error: z.string().nullable(),
  /** API requests in flight (running or queued): the window shows them and can stop them. */
  requests: z.number().int().nonnegative(),
})
export type ApiServerStatus = z.infer<typeof ApiServerStatusSchema>

/** The key clients send as `Authorization: Bearer <key>`; shown in Settings, never logged. */
export const ApiKeyOutputSchema = z.object({ key: z.string() })

export const ApiStopOutputSchema = z.object({ stopped: z.number().int().nonnegative() })
