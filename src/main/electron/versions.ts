import { app } from 'electron'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DesktopInfo } from '../../shared/contract/desktop'

/** Every version About shows; a part that cannot be read says "unknown" rather than failing. */
export function appVersions(): DesktopInfo['versions'] {
  const llamaPackage = nodeLlamaCppDir()
  return {
    hearth: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    nodeLlamaCpp: readJsonField(llamaPackage && join(llamaPackage, 'package.json'), 'version'),
    llamaCpp: readJsonField(llamaPackage && join(llamaPackage, 'llama/llama.cpp.info.json'), 'tag'),
  }
}

function nodeLlamaCppDir(): string | null {
  try {
    // dist/index.js → the package folder.
    return dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp'))))
  } catch {
    return null
  }
}

function readJsonField(path: string | null, field: string): string {
  if (path === null) return 'unknown'
  try {
    const value: unknown = Reflect.get(JSON.parse(readFileSync(path, 'utf8')) as object, field)
    return typeof value === 'string' ? value : 'unknown'
  } catch {
    return 'unknown'
  }
}
