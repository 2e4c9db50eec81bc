// Integration setup: a failed test prints the logs of the agents it ran against (failureLogs.ts),
// and keeps their notable lines in its meta for the summary reporter (scripts/summaryReporter.ts).
import { beforeEach } from 'vitest';
import { failureLogs, notableLines } from './failureLogs';

declare module 'vitest' {
  interface TaskMeta {
    /** Notable lines of the agents' logs at the test's first failure. */
    failureLog?: string[];
  }
}

beforeEach(({ onTestFailed, task }) => {
  onTestFailed(() => {
    const text = failureLogs();
    if (text === '') return;
    console.error(text);
    task.meta.failureLog ??= notableLines(text);
  });
});
