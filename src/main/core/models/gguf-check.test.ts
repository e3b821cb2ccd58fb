import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ggufBytes, llamaFixture, writeGguf } from '../../../../test-support/gguf-fixture'
import { checkGgufFile } from './gguf-check'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-gguf-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('checkGgufFile', () => {
  it('accepts a real GGUF and reads its architecture', async () => {
    const file = path.join(dir, 'ok.gguf')
    await writeGguf(file, llamaFixture(4))
    const result = await checkGgufFile(file)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value).toMatchObject({
        architecture: 'llama',
        name: 'Hearth test llama',
        trainContextSize: 8192,
      })
      expect(result.value.sizeBytes).toBeGreaterThan(0)
    }
  })

  it('rejects a file that is not GGUF with NOT_GGUF', async () => {
    const file = path.join(dir, 'text.gguf')
    await writeFile(file, 'This is a text file pretending to be a model.\n')
    expect(await checkGgufFile(file)).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    const empty = path.join(dir, 'empty.gguf')
    await writeFile(empty, '')
    expect(await checkGgufFile(empty)).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
  })

  it('rejects a truncated GGUF (magic, but no readable header)', async () => {
    const file = path.join(dir, 'cut.gguf')
    await writeFile(file, ggufBytes(llamaFixture(4)).subarray(0, 40))
    const result = await checkGgufFile(file)
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
  })

  it('rejects a GGUF without an architecture', async () => {
    const file = path.join(dir, 'noarch.gguf')
    await writeGguf(file, { metadata: { 'general.name': 'nameless' } })
    const result = await checkGgufFile(file)
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GGUF' } })
    if (!result.ok) expect(result.error.message).toMatch(/architecture/)
  })

  it('reports a missing file and a folder with the same answer', async () => {
    expect(await checkGgufFile(path.join(dir, 'missing.gguf'))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const folder = path.join(dir, 'folder.gguf')
    await mkdir(folder)
    expect(await checkGgufFile(folder)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
