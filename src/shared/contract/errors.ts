import { z } from 'zod'

/** Every failure that crosses the boundary carries one of these codes and a message for the user. */
const ErrorCodeSchema = z.enum([
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'NO_MODEL',
  'MODEL_LOAD_FAILED',
  'NOT_GGUF',
  'BUSY',
  /** A request replaced by a newer one of the same kind (a search superseded by the next keystroke). */
  'CANCELLED',
  'CONTEXT_OVERFLOW',
  'EMPTY_REPLY',
  'GENERATION_FAILED',
  'DISK_FULL',
  'READ_ONLY',
  'DOWNLOAD_FAILED',
  'HASH_MISMATCH',
  /** A remote engine's server could not be reached (refused, unknown host, dropped mid-reply). */
  'REMOTE_UNREACHABLE',
  /** A remote engine's server refused Hearth's key (401 or 403). */
  'REMOTE_UNAUTHORIZED',
  /** A remote engine's server does not serve the chosen model (404). */
  'REMOTE_NO_MODEL',
  /** The core's process stopped; the supervisor is restarting it (or gave up). */
  'ENGINE_STOPPED',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCodeSchema>

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
})
export type AppError = z.infer<typeof AppErrorSchema>
