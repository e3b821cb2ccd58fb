import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The headless shell is a plain Node entry over the same core (the benchmark runner builds
        // apart, by bench/vite.config.ts, so no installer carries it).
        input: {
          index: resolve('src/main/index.ts'),
          headless: resolve('src/main/headless/index.ts'),
          // The core's own process, started by either shell's supervisor.
          'core-host': resolve('src/main/core-process/core-entry.ts'),
          'electron-core': resolve('src/main/electron/core-entry.ts'),
          // A worker thread's entry must be a file of its own (history imports run there).
          'store-import-worker': resolve('src/main/core/store/import/import-worker.ts'),
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
      // electron-vite leaves the renderer unminified; minified, the first chunk parses in a third of
      // the time (bench: quick.open_ms, a window that must be ready at once).
      minify: true,
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
