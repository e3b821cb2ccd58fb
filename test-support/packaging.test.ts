import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, matchesGlob, relative } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util/out/DebugLogger'
import type { Configuration } from 'electron-builder'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

/** Every file under `dir`, as paths relative to the repository root. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path)]
  })
}

/** electron-builder's `files` rule: in order, a later `!pattern` takes out what earlier ones put in. */
function packed(path: string, patterns: readonly string[]): boolean {
  let included = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (included && matchesGlob(path, pattern.slice(1))) included = false
    } else if (matchesGlob(path, pattern)) included = true
  }
  return included
}

/** Patterns as electron-builder holds them after loading: strings, or file sets with a `filter`. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown) =>
    typeof item === 'object' && item !== null
      ? strings(Reflect.get(item, 'filter'))
      : strings(item),
  )
}

describe('the packaging configuration (electron-builder.yml)', () => {
  let config: Configuration
  beforeAll(async () => {
    config = await getConfig(root, 'electron-builder.yml', null)
    // electron-builder's own schema check, as `npm run package` runs it.
    await validateConfiguration(config, new DebugLogger(false))
  })

  it('builds AppImage and deb, NSIS and dmg with our app id, product name and fuses', () => {
    expect(config.appId).toBe('app.hearth.desktop')
    expect(config.productName).toBe('Hearth')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toBe('nsis')
    expect(config.mac?.target).toBe('dmg')
    expect(config.fileAssociations).toBeUndefined()
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    })
    // No update provider until a maintainer fills one in: nothing is contacted.
    expect(config.publish).toBeNull()
  })

  it('names files that exist: icons in build/ at the sizes each platform needs, the entitlements', () => {
    const linuxIcons = strings(readdirSync(join(root, String(config.linux?.icon))))
    expect(linuxIcons).toEqual(expect.arrayContaining(['16x16.png', '256x256.png', '512x512.png']))
    for (const file of [config.mac?.icon, config.win?.icon, config.mac?.entitlements]) {
      expect(typeof file).toBe('string')
      expect(existsSync(join(root, String(file))), String(file)).toBe(true)
    }
    const ico = readFileSync(join(root, String(config.win?.icon)))
    expect(ico.readUInt16LE(2)).toBe(1) // an icon file, with several sizes
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4)
    for (const tray of [
      'trayTemplate.png',
      'trayTemplate@2x.png',
      'tray-light-32.png',
      'tray-dark-32.png',
      'tray-light-16.png',
      'tray-dark-16.png',
    ])
      expect(existsSync(join(root, 'resources', tray)), tray).toBe(true)
  })

  it("unpacks every one of node-llama-cpp's native binaries in node_modules from the asar", () => {
    const binaries = [
      ...walk(join(root, 'node_modules/node-llama-cpp')),
      ...walk(join(root, 'node_modules/@node-llama-cpp')),
    ].filter((path) => /\.(node|so|dylib|dll|metal)$/.test(path))
    expect(binaries.length).toBeGreaterThan(0)
    const unpack = strings(config.asarUnpack)
    const stillPacked = binaries.filter(
      (path) => !unpack.some((pattern) => matchesGlob(path, pattern)),
    )
    expect(stillPacked).toEqual([])
  })

  it('packs no test, benchmark or source map, and only the platform’s own llama.cpp binaries', () => {
    const linux = [...strings(config.files), ...strings(config.linux?.files)]
    const built = walk(join(root, 'out'))
    if (built.length === 0)
      console.log('out/ is not built (npm run build): checking sample paths only')
    for (const path of built.filter((file) => packed(file, linux))) {
      expect(path).not.toMatch(/\.(test|spec)\.|\.map$|bench/)
    }
    expect(packed('out/main/index.js', linux)).toBe(true)
    expect(packed('out/renderer/index.html', linux)).toBe(true)
    expect(packed('bench-build/bench.js', linux)).toBe(false)
    expect(packed('out/main/index.js.map', linux)).toBe(false)
    expect(packed('e2e/quick-prompt.spec.ts', linux)).toBe(false)
    expect(packed('bench/run.ts', linux)).toBe(false)
    expect(packed('src/main/index.ts', linux)).toBe(false)
    expect(packed('node_modules/zod/tests/a.test.js', ['node_modules/**', ...linux])).toBe(false)
    expect(
      packed('node_modules/@node-llama-cpp/mac-arm64-metal/bins/x.node', [
        'node_modules/**',
        ...linux,
      ]),
    ).toBe(false)
    expect(
      packed('node_modules/@node-llama-cpp/linux-x64/bins/x.node', ['node_modules/**', ...linux]),
    ).toBe(true)
  })
})
