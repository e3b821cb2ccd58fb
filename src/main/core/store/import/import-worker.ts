/**
 * Worker-thread entry of a history import: parses and validates the export text, then writes it
 * with `runStagedImport` on its own connection to the history file, so a huge import never
 * freezes the main thread. Posts one `ImportWorkerAnswer`. Bundled by electron-vite as its own
 * entry (out/main/store-import-worker.js); under vitest Node runs this TypeScript file directly,
 * with scripts/ts-resolve.mjs (see `importInWorker`).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runImportJob, type ImportJobInput } from './import-job'

parentPort?.postMessage(await runImportJob(workerData as ImportJobInput))
