import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppLog } from './app-log'

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hearth-log-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function logLines(folder: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(folder)).sort()
  const text = (await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')))).join('')
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('the app log, a real rotating file in the data folder', () => {
  it('writes JSON lines with the level, the message and the error, in a folder only the user reads', async () => {
    const log = await openAppLog({ dataDir, name: 'core' })
    log.info('Model ready: test on CPU')
    log.error('Download failed', new Error('connection reset'))
    await log.close()

    expect(log.folder).toBe(join(dataDir, 'logs'))
    if (process.platform !== 'win32') expect((await stat(log.folder)).mode & 0o777).toBe(0o700)
    const lines = await logLines(log.folder)
    expect(lines).toMatchObject([
      { level: 30, msg: 'Model ready: test on CPU' },
      { level: 50, msg: 'Download failed', err: { message: 'connection reset' } },
    ])
  })

  it('never writes a secret, wherever it sits in a detail', async () => {
    const log = await openAppLog({ dataDir, name: 'core' })
    log.error('Settings update failed', { hfToken: 'hf_top_secret', patch: { token: 'hf_also' } })
    log.info('API request', { headers: { authorization: 'Bearer sk-hearth-secret' } })
    await log.close()

    const text = (await readdir(log.folder)).length
    expect(text).toBeGreaterThan(0)
    const raw = JSON.stringify(await logLines(log.folder))
    expect(raw).not.toMatch(/hf_top_secret|hf_also|sk-hearth-secret/)
    expect(raw).toContain('[secret]')
  })

  it('starts a new file past the size limit and keeps the newest five', async () => {
    const log = await openAppLog({ dataDir, name: 'core', maxFileSize: '1k' })
    // pino-roll rolls between writes, as a running app's log is written: batches, each flushed.
    for (let batch = 0; batch < 20; batch += 1) {
      for (let i = 0; i < 20; i += 1) log.info(`line ${batch}.${i} ${'x'.repeat(80)}`)
      await log.flush()
      await new Promise((resolve) => setImmediate(resolve))
    }
    await log.close()

    const files = await readdir(log.folder)
    expect(files.length).toBeGreaterThan(1)
    expect(files.length).toBeLessThanOrEqual(5)
    expect(files.every((file) => /^core\.\d+\.log$/.test(file))).toBe(true)
  })
})
