import { parseArgs } from 'node:util'

export interface HeadlessArgs {
  port: number
  dataDir: string
  modelPath: string | null
  threads: number | null
}

/**
 * `--port N --data DIR --model FILE [--threads N]`. `--model` falls back to `HEARTH_MODEL`; `--port 0`
 * lets the system pick a free port (the printed line gives the real one).
 */
export function parseHeadlessArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): HeadlessArgs | { error: string } {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '0' },
        data: { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
      },
      strict: true,
    }).values
  } catch (cause) {
    return { error: cause instanceof Error ? cause.message : String(cause) }
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: `--port must be 0-65535, not ${values.port}` }
  if (values.data === undefined || values.data.length === 0)
    return { error: '--data DIR is required (where settings and history are kept)' }
  const threads = values.threads === undefined ? null : Number(values.threads)
  if (threads !== null && (!Number.isInteger(threads) || threads < 1))
    return { error: '--threads must be a positive integer' }
  const modelPath = values.model ?? env['HEARTH_MODEL'] ?? null
  return { port, dataDir: values.data, modelPath: modelPath === '' ? null : modelPath, threads }
}
