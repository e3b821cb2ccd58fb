import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  Client,
  defaultHeadlessEntry,
  headlessBuilt,
  startHeadless,
  waitReady,
} from '../../../scripts/reliability/headless-client'
import { ensureTestModel } from '../../../scripts/test-model-cache'

// The built headless shell writes the app log into its data folder: what the engine decided, and
// never a secret the user typed into Settings.

const entry = defaultHeadlessEntry()
const built = headlessBuilt('headless log test')

it.skipIf(!built)(
  'logs the history, the model and its backend into <data>/logs, and never the token',
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hearth-headless-log-'))
    try {
      const headless = await startHeadless(entry, dataDir, await ensureTestModel())
      const client = await Client.connect(headless)
      await waitReady(client)
      await client.invoke('settings.update', { hfToken: 'hf_never_in_a_log_0123456789' })
      client.close()
      headless.child.kill('SIGTERM')
      await headless.exited

      const folder = join(dataDir, 'logs')
      const files = await readdir(folder)
      const text = (await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')))).join('')
      expect(text).toContain('Hearth headless starting')
      expect(text).toContain('History open at schema version')
      expect(text).toMatch(/Model ready: .* on CPU, 0 layers on the GPU/)
      expect(text).not.toContain('hf_never_in_a_log')
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  },
  60_000,
)
