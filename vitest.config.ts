import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/main/**/*.test.ts',
            'src/shared/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
            'test-support/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // node-llama-cpp holds native memory per worker: forks keep each test file's model in its own process.
          pool: 'forks',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          // A loaded 2-core machine can take longer than the default 5 s for the paging tests.
          testTimeout: 20_000,
          include: ['src/renderer/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
})
