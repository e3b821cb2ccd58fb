import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { err, type Result } from '../../../../shared/contract/result'
import type { ImportReport } from '../../../../shared/contract/schemas/conversations'
import type { ImportJobInput, ImportWorkerAnswer } from './import-job'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * From source the modules import each other without an extension (bundler style): the worker
 * then loads the repo's resolve hook, the one the reliability scripts use, which tries `.ts` too.
 */
function workerExecArgv(entry: string): string[] | undefined {
  if (!entry.endsWith('.ts')) return undefined
  const hook = join(here, '..', '..', '..', '..', '..', 'scripts', 'ts-resolve.mjs')
  return [...process.execArgv, '--import', pathToFileURL(hook).href]
}

/**
 * The worker's entry file: the TypeScript source beside this module (vitest, tests), or the
 * bundle's own entry (electron-vite writes it to out/main, and this code may sit in out/main or
 * in out/main/chunks). Paths are built with join, not `new URL(literal)`, so no bundler rewrites them.
 */
export function importWorkerEntry(): string | null {
  const candidates = [
    join(here, 'import-worker.ts'),
    join(here, 'store-import-worker.js'),
    join(here, '..', 'store-import-worker.js'),
  ]
  return candidates.find((candidate) => existsSync(candidate)) ?? null
}

/** Runs one import in a worker thread; resolves with its Result. */
export function importInWorker(
  input: ImportJobInput,
  log: (message: string, detail?: unknown) => void = () => undefined,
): Promise<Result<ImportReport>> {
  const entry = importWorkerEntry()
  if (entry === null) {
    log('import worker entry missing')
    return Promise.resolve(err('INTERNAL', 'Hearth could not start the import. Reinstall Hearth.'))
  }
  const failed = err<ImportReport>(
    'INTERNAL',
    'The import failed and nothing was imported. Try again; if it keeps failing, report it.',
  )
  return new Promise((resolve) => {
    const execArgv = workerExecArgv(entry)
    const worker = new Worker(entry, { workerData: input, ...(execArgv ? { execArgv } : {}) })
    let answered = false
    worker.once('message', (answer: ImportWorkerAnswer) => {
      answered = true
      if ('bug' in answer) {
        log('import failed', answer.bug)
        resolve(failed)
      } else resolve(answer.result)
    })
    worker.once('error', (error) => {
      log('import worker failed', error)
      answered = true
      resolve(failed)
    })
    worker.once('exit', (code) => {
      if (!answered) {
        log(`import worker exited with ${code} before answering`)
        resolve(failed)
      }
    })
  })
}
