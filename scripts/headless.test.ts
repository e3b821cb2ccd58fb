import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildStaleness } from './headless'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hearth-headless-build-'))
  await mkdir(join(root, 'src/main'), { recursive: true })
  await writeFile(join(root, 'src/main/index.ts'), '')
  await writeFile(join(root, 'package.json'), '{}')
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function build(at: Date): Promise<void> {
  await mkdir(join(root, 'out/main'), { recursive: true })
  await mkdir(join(root, 'out/renderer'), { recursive: true })
  for (const file of ['out/main/headless.js', 'out/renderer/index.html']) {
    await writeFile(join(root, file), '')
    await utimes(join(root, file), at, at)
  }
}

describe('npm run headless builds first when needed', () => {
  it('builds when there is no build, or a source is newer than it', async () => {
    expect(buildStaleness(root)).toBe('there is no build yet')
    const past = new Date(Date.now() - 60_000)
    await utimes(join(root, 'src/main/index.ts'), past, past)
    await utimes(join(root, 'src/main'), past, past)
    await utimes(join(root, 'src'), past, past)
    await utimes(join(root, 'package.json'), past, past)
    await build(new Date())
    expect(buildStaleness(root)).toBeNull()
    const later = new Date(Date.now() + 60_000)
    await utimes(join(root, 'src/main/index.ts'), later, later)
    expect(buildStaleness(root)).toBe('src changed since the last build')
  })
})
