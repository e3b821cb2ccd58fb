import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openConnection } from './db'
import { tryWrite } from './sql'

it('answers a write that waited past the busy timeout with a typed BUSY, not INTERNAL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-busy-'))
  const path = join(dir, 'history.sqlite')
  const holder = openConnection(path)
  const writer = openConnection(path)
  try {
    holder.exec('CREATE TABLE t (x INTEGER)')
    holder.exec('BEGIN IMMEDIATE') // another writer holds the file (an import slice, say)
    const result = tryWrite(() => writer.exec('INSERT INTO t VALUES (1)'))
    expect(result).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    expect(!result.ok && result.error.message).toMatch(/busy writing its history.*nothing was lost/)
    holder.exec('ROLLBACK')
  } finally {
    holder.close()
    writer.close()
    await rm(dir, { recursive: true, force: true })
  }
})
