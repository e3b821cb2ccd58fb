import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The store runs on the SQLite that ships inside Electron, not on this Node's. Where the Electron
 * binary exists, this runs the same checks under ELECTRON_RUN_AS_NODE=1: node:sqlite loads, WAL and
 * FTS5 work. Here (no binary can be downloaded) it says why it skips.
 */
function electronBinary(): string | null {
  const packageDir = resolve(import.meta.dirname, '../../../../node_modules/electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
if (binary === null) {
  console.log(
    "Skipping the Electron SQLite check: the Electron binary is not installed (it cannot be downloaded here); the store's tests ran on Node 24's node:sqlite instead.",
  )
}

const PROBE = `
const { DatabaseSync } = require('node:sqlite')
const db = new DatabaseSync(process.argv[1])
const mode = db.prepare('PRAGMA journal_mode = WAL').get().journal_mode
db.exec("CREATE VIRTUAL TABLE t USING fts5 (x); INSERT INTO t VALUES ('warm hearth')")
const hits = db.prepare("SELECT count(*) AS n FROM t WHERE t MATCH 'hearth'").get().n
console.log(JSON.stringify({ mode, hits, sqlite: process.versions.sqlite }))
`

describe.skipIf(binary === null)("Electron's own SQLite", () => {
  it('loads node:sqlite with WAL and FTS5 under ELECTRON_RUN_AS_NODE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-electron-sqlite-'))
    try {
      const output = execFileSync(binary ?? '', ['-e', PROBE, join(dir, 'probe.sqlite')], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        encoding: 'utf8',
      })
      expect(JSON.parse(output.trim())).toMatchObject({ mode: 'wal', hits: 1 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
