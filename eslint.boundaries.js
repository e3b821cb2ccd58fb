// @ts-check
/**
 * The architecture's import rules (docs/ARCHITECTURE.md), enforced by `no-restricted-imports`.
 * Each entry names product files and what they may not import; tests may reach across folders.
 * ESLint keeps only the last `no-restricted-imports` that applies to a file, so every entry
 * carries the whole list for its files (the electron ban included).
 */

/** A relative import of a folder of src/main by name, from any depth ("../models/x", "../../store"). */
const folder = (/** @type {string[]} */ names, /** @type {string} */ message) => ({
  regex: `^(\\.\\./)+(${names.join('|')})(/|$)`,
  message,
})

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src/main/index.ts and src/main/electron/** may import electron.',
}
const coreNeverImportsAShell = folder(
  ['headless', 'electron', 'core-process'],
  'The core never imports a shell: the shells import the core.',
)

/** The core's services: none of these imports another; chat and rpc compose them. */
const SERVICES = ['engine', 'models', 'store', 'settings']

const onlyShellsCreateCore = folder(['create-core'], 'Only the shells import createCore.')

/**
 * The rule for a folder of the core's product files: what it may not import (besides electron,
 * createCore and the shells, which no core folder imports).
 * @param {string} name a folder of src/main/core
 * @param {string[]} banned folders of src/main/core it must not import
 * @param {string} message why
 */
function coreFolderRule(name, banned, message) {
  return {
    files: [`src/main/core/${name}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [folder(banned, message), onlyShellsCreateCore, coreNeverImportsAShell],
        },
      ],
    },
  }
}

export const boundaries = [
  ...SERVICES.map((name) => {
    const others = SERVICES.filter((other) => other !== name)
    return coreFolderRule(
      name,
      [...others, 'chat', 'rpc', 'api-server'],
      `core/${name} stands alone: it never imports ${others.join(', ')}, chat or rpc (createCore wires them).`,
    )
  }),
  coreFolderRule(
    'chat',
    ['models', 'settings', 'rpc', 'api-server'],
    'core/chat imports only engine and store.',
  ),
  {
    files: ['src/main/core/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      ...['engine', 'models', 'store', 'settings', 'chat'].map((n) => `src/main/core/${n}/**`),
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [coreNeverImportsAShell] },
      ],
    },
  },
  {
    files: ['src/main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [folder(['electron'], 'The headless shell never imports the Electron shell.')],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    ignores: ['src/main/electron/ipc-bridge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain'],
              message: 'ipcMain belongs to src/main/electron/ipc-bridge.ts alone.',
            },
          ],
          patterns: [folder(['headless'], 'The Electron shell never imports the headless shell.')],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/ipc-bridge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [folder(['headless'], 'The Electron shell never imports the headless shell.')],
        },
      ],
    },
  },
]
