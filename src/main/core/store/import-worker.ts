/**
 * Worker-thread entry of a history import: parses and validates the export text, then writes it
 * with `runStagedImport` on its own connection to the history file, so a huge import never
 * freezes the main thread. Posts one `ImportWorkerAnswer`. Bundled by electron-vite as its own
 * entry (out/main/store-import-worker.js); under vitest Node runs this TypeScript file directly.
 */
// A namespace import: an older Node (Electron's) without registerHooks must still load this file.
import * as nodeModule from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'

// From source, the modules import each other without an extension (bundler style): let Node try
// `.ts` too. Static imports would resolve before this runs, so the rest is imported dynamically.
if (import.meta.url.endsWith('.ts') && typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context)
      } catch (error) {
        if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]sx?$/.test(specifier)) {
          return nextResolve(`${specifier}.ts`, context)
        }
        throw error
      }
    },
  })
}

const { runImportJob } = await import('./import-job-runner')
parentPort?.postMessage(await runImportJob(workerData))
