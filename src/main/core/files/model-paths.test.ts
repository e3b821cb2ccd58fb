import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTestModel } from '../../../../scripts/test-model-cache.ts'
import { LlamaEngine } from '../engine/llama-engine'
import { checkModelFile } from './model-file'

/** Issue 10: model paths that block, leak or name the wrong thing, through the real engine. */
describe('model paths', () => {
  let dir: string
  let fifo: string
  let model: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-model-paths-'))
    fifo = join(dir, 'blocking.gguf')
    // A FIFO blocks any open for reading until a writer appears: nobody ever writes to this one.
    execFileSync('mkfifo', [fifo])
    model = await ensureTestModel({ variant: 'reply', preset: 'tiny' })
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a FIFO, a device and a folder before opening them, with the message for a missing file', async () => {
    const folder = join(dir, 'folder.gguf')
    await mkdir(folder)
    const missing = await checkModelFile(join(dir, 'missing.gguf'))
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const message = (path: string) =>
      (missing.ok ? '' : missing.error.message).replace(join(dir, 'missing.gguf'), path)
    for (const path of [fifo, '/dev/zero', folder]) {
      expect(await checkModelFile(path)).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: message(path) },
      })
    }
  })

  it('gives an unreadable file the same answer', async (context) => {
    if (process.getuid?.() === 0) {
      context.skip(
        'running as root: every file is readable, so there is no unreadable file to test',
      )
    }
    const locked = join(dir, 'locked.gguf')
    await writeFile(locked, 'GGUF')
    await chmod(locked, 0o000)
    expect(await checkModelFile(locked)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('refuses a relative path instead of resolving it against the working folder', async () => {
    const result = await checkModelFile('models/model.gguf')
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(result)).not.toContain(process.cwd())
  })

  it('the engine answers at once for a FIFO instead of hanging on it', async () => {
    const engine = new LlamaEngine({ threads: 1, maxContextSize: 256 })
    const result = await engine.load(fifo)
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(engine.getStatus()).toMatchObject({ state: 'error', error: { code: 'NOT_FOUND' } })
    await engine.dispose()
  })

  it('never repeats what a file that is not a model contains', async () => {
    const passwd = join(dir, 'passwd')
    await writeFile(passwd, 'root:x:0:0:root:/root:/bin/bash\n')
    const engine = new LlamaEngine({ threads: 1, maxContextSize: 256 })
    const result = await engine.load(passwd)
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    expect(JSON.stringify(result)).not.toMatch(/root|bash/)
    await engine.dispose()
  })

  it('abandons a load that runs past its bound with a clear error, and the engine stays usable', async () => {
    const engine = new LlamaEngine({ threads: 1, maxContextSize: 256, loadTimeoutMs: 1 })
    const result = await engine.load(model)
    expect(result).toMatchObject({ ok: false, error: { code: 'MODEL_LOAD_FAILED' } })
    expect(!result.ok && result.error.message).toContain('was abandoned')
    expect(engine.getStatus()).toMatchObject({ state: 'error' })
    // Nothing was attached: the engine answers NO_MODEL, and unloading finishes.
    expect(await engine.load(null)).toMatchObject({ ok: true, value: { state: 'no-model' } })
    await engine.dispose()
  })

  it('shutdown is never held by a load that does not finish', async () => {
    // The runtime's start never finishes (a GPU driver that hangs): nothing but shutdown ends it.
    const engine = new LlamaEngine({
      threads: 1,
      llama: () => new Promise(() => undefined),
      loadTimeoutMs: 60 * 60 * 1000,
    })
    const loading = engine.load(model)
    await new Promise((resolve) => setImmediate(resolve))
    await engine.dispose()
    expect(await loading).toMatchObject({
      ok: false,
      error: { code: 'MODEL_LOAD_FAILED', message: expect.stringContaining('closing') as string },
    })
  })
})
