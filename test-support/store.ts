import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HistoryStore } from '../src/main/core/store/history-store'
import { openHistoryStore, type OpenHistoryOptions } from '../src/main/core/store/open-store'
import type { Result } from '../src/shared/contract/result'

/** A fresh temp folder for one test; `cleanup` removes it. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-store-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Unwraps a Result in a test, failing loudly with its message. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Opens a store in `dataDir` and fails the test if it cannot. */
export async function openTestStore(
  dataDir: string,
  options: Partial<OpenHistoryOptions> = {},
): Promise<HistoryStore> {
  return unwrap(await openHistoryStore({ dataDir, ...options }))
}
