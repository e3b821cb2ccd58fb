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
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A rejection reason or a caught error of unknown type is passed on as it came, unchanged.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingUnknown: true, allowThrowingAny: true },
      ],
      // OpenAI deprecates max_tokens and seed for its own models; the servers Hearth speaks to and
      // serves as (llama.cpp, vLLM, Ollama) read them, so requests keep them.
      '@typescript-eslint/no-deprecated': [
        'error',
        {
          allow: [
            {
              from: 'package',
              package: 'openai',
              name: [
                'ChatCompletionCreateParamsBase',
                'ChatCompletionCreateParamsStreaming',
                'ChatCompletionCreateParamsNonStreaming',
              ],
            },
          ],
        },
      ],
      // Sizes, counts and ports fill most messages; a number prints as the user expects.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => set(...)` in a handler, and `return send(res, 404)` as the early exit of a void
      // function, say "do this and stop"; a block around them adds nothing.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        // `const { hfToken, ...rest } = settings` is how a key is left out of a copy.
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Plain JS config files belong to no tsconfig: lint them without type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests: `act(async () => …)` flushes React's pending work even with no await inside, and fakes
    // implement async interfaces; an `async` without `await` is deliberate there.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/require-await': 'off' },
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
    // Electron exports each class as an empty subclass of its own (CrossProcessExports), and its
    // static finders (getAllWindows, fromWebContents) return the base: every window they find is
    // flagged as "not made by the constructor" though Electron made it.
    files: ['src/main/electron/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-class-instance-assignment': 'off' },
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
