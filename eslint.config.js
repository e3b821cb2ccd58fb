// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { boundaries } from './eslint.boundaries.js'

/** Electron may only be imported by the Electron shell; the core must run under plain Node. */
const electronBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message: 'Only src/main/index.ts and src/main/electron/** may import electron.',
        },
      ],
    },
  ],
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'bench-build/**',
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'test-results/**',
      'playwright-report/**',
      '.gpu/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['*.config.ts', '*.config.js', 'bench/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: [
      'src/main/**/*.ts',
      'src/shared/**/*.ts',
      'src/preload/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
    ],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/preload/**'],
    rules: electronBan,
  },
  {
    // The shared contract is imported by every process: zod is its only dependency. Its tests are
    // imported by no process; they may use their runner.
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\.{1,2}/).*', message: 'src/shared imports only zod and itself.' },
            {
              regex: '^(\\.\\./)+(main|renderer|preload)(/|$)',
              message: 'src/shared imports only zod and itself.',
            },
          ],
        },
      ],
    },
  },
  ...boundaries,
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'electron', 'node:*'],
              message: 'The renderer never imports main, preload or Node: only the contract.',
            },
          ],
        },
      ],
    },
  },
)
