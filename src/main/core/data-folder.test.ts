import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createCore } from './create-core'
import { ScriptedEngine } from '../../../test-support/scripted-engine'

let parent: string
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'hearth-data-folder-'))
})
afterEach(async () => {
  await rm(parent, { recursive: true, force: true })
})

it('creates the data folder readable only by the user', async () => {
  const dataDir = join(parent, 'nested', 'Hearth')
  const quiet = { info: () => undefined, error: () => undefined }
  const core = await createCore({ dataDir, engine: new ScriptedEngine(), log: quiet })
  try {
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
  } finally {
    await core.dispose()
  }
})
