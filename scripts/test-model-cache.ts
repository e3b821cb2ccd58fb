/**
 * Generated test models cached under <repo>/.cache/test-models/ (git-ignored): each file is
 * written once and reused. Writing goes through a temporary name and a rename, so parallel test
 * processes asking for the same model never read half a file.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeTestModel } from './make-test-model.ts'
import type { TestModelPreset, TestModelVariant } from './make-test-model.ts'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The repository root: this file lives in <repo>/scripts/. Bundled into out/ (the benchmark runner),
 * it has no sources beside it, and npm runs scripts from the root, so the working directory is used.
 */
export const REPO_ROOT = existsSync(join(here, 'make-test-model.ts'))
  ? resolve(here, '..')
  : process.cwd()

/** Where generated test models are kept. */
export const TEST_MODEL_CACHE_DIR = join(REPO_ROOT, '.cache', 'test-models')

const GENERATOR_SOURCES = ['make-test-model.ts', 'test-model-vocab.ts', 'gguf-writer.ts']

/**
 * A short hash of the generator's source, carried in the file name, so a cached model made by an
 * older generator is never reused (old files are simply left in the git-ignored cache).
 */
function generatorVersion(): string {
  const hash = createHash('sha256')
  for (const name of GENERATOR_SOURCES) {
    // Bundled into out/ (the benchmark runner) the sources are not beside this file: read them
    // from the repository, or a bench would keep using a model an older generator made.
    const candidates = [new URL(`./${name}`, import.meta.url), join(REPO_ROOT, 'scripts', name)]
    const source = candidates.map(readIfThere).find((bytes) => bytes !== null)
    hash.update(source ?? `missing:${name}`)
  }
  return hash.digest('hex').slice(0, 12)
}

function readIfThere(path: URL | string): Buffer | null {
  try {
    return readFileSync(path)
  } catch {
    return null
  }
}

let cachedVersion: string | undefined

/** Which cached model to get; both default to the test suite's usual choice (reply, tiny). */
export interface EnsureTestModelOptions {
  variant?: TestModelVariant
  preset?: TestModelPreset
}

/** Path the cached model for these options has (whether or not it exists yet). */
export function testModelCachePath(options: EnsureTestModelOptions = {}): string {
  const variant = options.variant ?? 'reply'
  const preset = options.preset ?? 'tiny'
  cachedVersion ??= generatorVersion()
  return join(TEST_MODEL_CACHE_DIR, `hearth-test-${variant}-${preset}-${cachedVersion}.gguf`)
}

/** Returns the path of the cached test model, generating it first if it is not there yet. */
export function ensureTestModel(options: EnsureTestModelOptions = {}): Promise<string> {
  const path = testModelCachePath(options)
  if (existsSync(path)) return Promise.resolve(path)
  mkdirSync(TEST_MODEL_CACHE_DIR, { recursive: true })
  // writeTestModel writes a temp file named after this process and renames it into place; the
  // rename is atomic, so racing processes each produce identical bytes and the last rename wins.
  writeTestModel(path, { variant: options.variant ?? 'reply', preset: options.preset ?? 'tiny' })
  return Promise.resolve(path)
}
