import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The headless shell and the benchmark runner are plain Node entries over the same core.
        input: {
          index: resolve('src/main/index.ts'),
          headless: resolve('src/main/headless/index.ts'),
          bench: resolve('bench/run.ts'),
          // A worker thread's entry must be a file of its own (history imports run there).
          'store-import-worker': resolve('src/main/core/store/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: one self-contained CommonJS file.
      isolatedEntries: true,
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // Never inline assets as data: URLs: the CSP allows fonts only from 'self' (KaTeX's smaller
      // fonts would otherwise be inlined and blocked).
      assetsInlineLimit: 0,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
      },
    },
    resolve: {
      alias: {
        // rehype-katex turns KaTeX's HTML into a tree with this package; its browser build parses
        // through template.innerHTML, where every KaTeX style attribute is a CSP violation
        // (style-src 'self'). Its default build parses with parse5 in JavaScript, touching no DOM.
        'hast-util-from-html-isomorphic': resolve(
          'node_modules/hast-util-from-html-isomorphic/lib/index.js',
        ),
      },
    },
    plugins: [react()],
  },
})
