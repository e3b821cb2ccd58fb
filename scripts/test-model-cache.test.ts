import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildTestModel } from './make-test-model.ts'
import {
  ensureTestModel,
  REPO_ROOT,
  TEST_MODEL_CACHE_DIR,
  testModelCachePath,
} from './test-model-cache.ts'

describe('ensureTestModel', () => {
  it('keeps models under <repo>/.cache/test-models/, one file per variant and preset', () => {
    expect(readdirSync(REPO_ROOT)).toContain('package.json')
    expect(dirname(testModelCachePath())).toBe(TEST_MODEL_CACHE_DIR)
    expect(TEST_MODEL_CACHE_DIR.startsWith(REPO_ROOT)).toBe(true)
    const paths = new Set([
      testModelCachePath({ variant: 'reply', preset: 'tiny' }),
      testModelCachePath({ variant: 'endless', preset: 'tiny' }),
      testModelCachePath({ variant: 'reply', preset: 'medium' }),
    ])
    expect(paths.size).toBe(3)
  })

  it('writes the model once and then reuses the file', async () => {
    const both = await Promise.all([ensureTestModel(), ensureTestModel({ variant: 'reply' })])
    const [a, b] = both
    expect(a).toBe(b)
    expect(readFileSync(a).equals(buildTestModel())).toBe(true)
    const before = statSync(a).mtimeMs
    await ensureTestModel()
    expect(statSync(a).mtimeMs).toBe(before)
    // This process left no temporary file behind (other test processes may be mid-write).
    const mine = readdirSync(TEST_MODEL_CACHE_DIR).filter((f) => f.includes(`.${process.pid}.`))
    expect(mine).toEqual([])
  })
})
