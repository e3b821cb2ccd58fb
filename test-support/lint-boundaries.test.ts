import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The import rules of eslint.boundaries.js, proved on planted files: each bad import is linted as if
// it sat in the named product file and must fail with the rule's message; a good one must pass.

// The planted files are in no tsconfig, so the type-aware rules (which import rules do not need)
// are switched off for them.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: tseslint.configs.disableTypeChecked,
})

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

const planted: [file: string, code: string, message: RegExp][] = [
  [
    'src/main/core/engine/planted.ts',
    "export { x } from '../models/planted'\n",
    /core\/engine stands alone/,
  ],
  [
    'src/main/core/models/download/planted.ts',
    "export { x } from '../../engine/llama'\n",
    /core\/models stands alone/,
  ],
  [
    'src/main/core/store/planted.ts',
    "export { x } from '../settings/planted'\n",
    /core\/store stands alone/,
  ],
  [
    'src/main/core/settings/planted.ts',
    "export { x } from '../store/planted'\n",
    /core\/settings stands alone/,
  ],
  [
    'src/main/core/chat/planted.ts',
    "export { x } from '../models/planted'\n",
    /chat imports only engine and store/,
  ],
  [
    'src/main/core/rpc/planted.ts',
    "export { x } from '../../headless/planted'\n",
    /never imports a shell/,
  ],
  ['src/main/core/engine/planted.ts', "export { x } from 'electron'\n", /Only src\/main\/index.ts/],
  [
    'src/main/headless/planted.ts',
    "export { x } from '../electron/planted'\n",
    /never imports the Electron shell/,
  ],
  [
    'src/main/electron/planted.ts',
    "export { x } from '../headless/planted'\n",
    /never imports the headless shell/,
  ],
  ['src/main/electron/planted.ts', "export { ipcMain } from 'electron'\n", /ipcMain belongs to/],
  [
    'src/renderer/src/planted.ts',
    "export { x } from '../../main/core/planted'\n",
    /only the contract/,
  ],
  ['src/renderer/src/planted.ts', "export { x } from '../../preload/index'\n", /only the contract/],
  [
    'src/shared/contract/planted.ts',
    "export { x } from '../../main/core/planted'\n",
    /imports only zod/,
  ],
]

describe('the architecture, enforced by ESLint', () => {
  it.each(planted)('refuses a planted import in %s', async (file, code, message) => {
    const errors = await importErrors(file, code)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(message)
  })

  it('lets chat import engine and store, rpc the services, and a shell the core', async () => {
    expect(
      await importErrors(
        'src/main/core/chat/planted.ts',
        "export { x } from '../engine/planted'\nexport { y } from '../store/planted'\n",
      ),
    ).toEqual([])
    expect(
      await importErrors('src/main/core/rpc/planted.ts', "export { x } from '../models/planted'\n"),
    ).toEqual([])
    expect(
      await importErrors(
        'src/main/headless/planted.ts',
        "export { x } from '../core/create-core'\n",
      ),
    ).toEqual([])
    expect(
      await importErrors('src/main/electron/ipc-bridge.ts', "export { ipcMain } from 'electron'\n"),
    ).toEqual([])
  })
})
