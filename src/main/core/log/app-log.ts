import { once } from 'node:events'
import { chmod, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import pinoRoll from 'pino-roll'
import type { Logger } from './logger'

/**
 * Hearth's log: JSON lines in `<data>/logs/<name>.N.log`, a new file past 5 MB, the newest five
 * kept. pino over electron-log because the core runs under plain Node too (headless, tests) and
 * pino-roll gives rotation without a worker thread. What is logged is what the core chooses to
 * write (errors, the engine's backend and offload, download attempts, migrations); prompts and
 * replies are never passed to it, and the fields below are redacted wherever they appear.
 */
export interface AppLog extends Logger {
  /** The folder that holds the log files (Help > Open log folder, "Details are in the log"). */
  readonly folder: string
  /** Resolves once what was logged so far is written (before an exit the process chooses). */
  flush: () => Promise<void>
  close: () => Promise<void>
}

const LOG_FOLDER_NAME = 'logs'
const MAX_FILE_SIZE = '5m'
const ROTATED_FILES_KEPT = 4

/** Keys that may hold a secret, wherever they appear in a logged detail. */
const REDACTED = ['hfToken', 'token', 'apiKey', 'authorization', 'Authorization', 'key', 'secret']

export interface AppLogOptions {
  dataDir: string
  /** One file set per process, so two processes never roll the same file: "core", "shell". */
  name: string
  /** Also print to the terminal (headless mode, development). */
  echo?: Logger
  /** A new file past this size (pino-roll's units: "5m", "1k"). */
  maxFileSize?: string
}

export async function openAppLog(options: AppLogOptions): Promise<AppLog> {
  const folder = join(options.dataDir, LOG_FOLDER_NAME)
  await mkdir(folder, { recursive: true, mode: 0o700 })
  await chmod(folder, 0o700).catch(() => undefined)
  const stream = await pinoRoll({
    file: join(folder, options.name),
    size: options.maxFileSize ?? MAX_FILE_SIZE,
    limit: { count: ROTATED_FILES_KEPT },
    mkdir: true,
    // Synchronous writes: a native abort in llama.cpp ends the process at once, and the lines
    // before it are the ones that explain it. Hearth logs a few lines a minute, so this costs nothing.
    sync: true,
  })
  const logger = pino(
    {
      base: { pid: process.pid },
      redact: {
        paths: REDACTED.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        censor: '[secret]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  )
  const write = (level: 'info' | 'error', message: string, detail: unknown) => {
    if (detail === undefined) logger[level](message)
    else if (detail instanceof Error) logger[level]({ err: detail }, message)
    else logger[level]({ detail }, message)
    options.echo?.[level](message, detail)
  }
  return {
    folder,
    info: (message, detail) => write('info', message, detail),
    error: (message, detail) => write('error', message, detail),
    flush: () =>
      new Promise<void>((resolve, reject) => {
        logger.flush((error) => (error === undefined ? resolve() : reject(error)))
      }),
    async close() {
      // The stream writes asynchronously: the file is complete once it has closed.
      const closed = once(stream, 'close')
      stream.end()
      await closed
    },
  }
}
