import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/**
 * The benchmark runner's own build, into bench-build/ (never out/): electron-builder packs out/, and
 * a benchmark has no place in an installer. Node's ESM, dependencies left to node_modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node24',
    outDir: resolve(import.meta.dirname, '../bench-build'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        bench: resolve(import.meta.dirname, 'run.ts'),
        // History imports run in a worker thread whose entry must sit beside the bundle.
        'store-import-worker': resolve(
          import.meta.dirname,
          '../src/main/core/store/import/import-worker.ts',
        ),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
})
