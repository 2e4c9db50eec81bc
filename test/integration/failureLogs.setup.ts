// Integration setup: a failed test prints the logs of the agents it ran against (failureLogs.ts).
import { beforeEach } from 'vitest';
import { failureLogs } from './failureLogs';

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    const text = failureLogs();
    if (text !== '') console.error(text);
  });
});
