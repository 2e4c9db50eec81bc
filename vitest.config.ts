import { configDefaults, defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

// The CI integration run (npm run test:integration sets SWITCHDECK_SUITE) runs two files at a time:
// most files wait on SIP timers and held calls, and each file has its own SIP ports, media port
// block and temp folders (see mediaPorts in test/integration/engine/procs.ts). The files below
// measure timing on the wire or load the engine on purpose; they run afterwards, one at a time,
// as project 'integration-serial'. A direct `vitest run --project integration <file>` keeps every
// file in 'integration' with vitest's default worker count, as before. A new file that asserts
// wire timing or loads the engine on purpose belongs in this list.
const INTEGRATION_SERIAL = [
  'test/integration/agent/sip-timers.test.ts',
  'test/integration/agent/monitor.test.ts',
  'test/integration/agent/reload-under-load.test.ts',
  'test/integration/engine/load.test.ts',
  'test/integration/engine/reload-load.test.ts',
  'test/integration/scale/large-config.test.ts',
  // Kills and restarts engines 20 times and reads the process table: a slow exit reads as a second engine.
  'test/integration/agent/agent-crash.test.ts',
  // Orders mirrored messages by capture time and waits 5 s for siptrace to switch.
  'test/integration/agent/agent-trace.test.ts',
];
const ciIntegration = process.env.SWITCHDECK_SUITE === 'integration';
const integration = (name: string, include: string[], exclude: string[], run?: { maxWorkers: number; sequence: { groupOrder: number } }) => ({
  resolve: { alias },
  test: {
    name,
    include,
    exclude: [...configDefaults.exclude, ...exclude],
    environment: 'node' as const,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    ...run,
  },
});

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
          include: ['shared/**/*.test.ts', 'switch-agent/src/**/*.test.ts', 'electron/core/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'electron/web/**/*.test.ts', 'electron/main/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/support/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      ...(ciIntegration
        ? [
          integration('integration', ['test/integration/**/*.test.ts'], INTEGRATION_SERIAL, { maxWorkers: 2, sequence: { groupOrder: 0 } }),
          integration('integration-serial', INTEGRATION_SERIAL, [], { maxWorkers: 1, sequence: { groupOrder: 1 } }),
        ]
        : [integration('integration', ['test/integration/**/*.test.ts'], [])]),
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
          // One browser, one sandbox switch: the scenarios share them and run in order.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
