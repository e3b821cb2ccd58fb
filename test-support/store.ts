import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
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

/** The store of the running test, its folder, and a way to close and open it again. */
export interface TestStore {
  readonly store: HistoryStore
  readonly dir: string
  /** Closes the store (the test may then change the file behind it). */
  close(): Promise<void>
  /** Opens the same folder again, closing the store first if it is open (what a restart does). */
  reopen(): Promise<HistoryStore>
}

/**
 * A fresh temp folder for each test of the calling file or describe block, removed after it; the
 * returned object's `dir` is the running test's.
 */
export function useTempDataDir(): { readonly dir: string } {
  let temp: { dir: string; cleanup: () => void } | null = null
  beforeEach(() => {
    temp = tempDataDir()
  })
  afterEach(() => {
    temp?.cleanup()
    temp = null
  })
  return {
    get dir() {
      if (temp === null) throw new Error('no test is running')
      return temp.dir
    },
  }
}

/**
 * A store in a fresh temp folder for each test of the calling file or describe block, closed and
 * removed after it; the returned object's fields are the running test's.
 */
export function useTestStore(options: Partial<OpenHistoryOptions> = {}): TestStore {
  const folder = useTempDataDir()
  let current: HistoryStore | null = null
  beforeEach(async () => {
    current = await openTestStore(folder.dir, options)
  })
  afterEach(async () => {
    await current?.close()
    current = null
  })
  return {
    get store() {
      if (current === null) throw new Error('no test store is open')
      return current
    },
    get dir() {
      return folder.dir
    },
    async close() {
      await current?.close()
      current = null
    },
    async reopen() {
      await current?.close()
      current = await openTestStore(folder.dir, options)
      return current
    },
  }
}
