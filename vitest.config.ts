import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          // Component tests render whole pages in jsdom; on a loaded 2-core machine 5 s is too tight.
          testTimeout: 20_000,
          include: ['shared/**/*.test.ts', 'switch-agent/src/**/*.test.ts', 'electron/core/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'electron/web/**/*.test.ts', 'electron/main/**/*.test.ts', 'electron/hostProcess/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/support/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Real engines on a loaded 2-core machine: in CI a failed test gets one more try, and the
          // summary reporter names every test that needed it (scripts/summaryReporter.ts).
          retry: process.env.CI ? 1 : 0,
          // A failed test also prints the last lines of the agents it ran against (test/integration/failureLogs.ts).
          setupFiles: ['test/integration/failureLogs.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'support',
          include: ['test/support-check/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'hostile',
          include: ['test/hostile/**/*.test.ts'],
          environment: 'node',
          // Each file runs its own agent process and measures its memory: one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          retry: process.env.CI ? 1 : 0,
          // One browser, one sandbox switch: the scenarios share them and run in order.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
