// Prints one plain closing line, "<project>: N passed, N failed[, N skipped]", after vitest's own report,
// so CI logs state the count in a form any reader (or tool) can find. It also writes each test's
// outcome to test-results/<suite>.json (and each file's seconds to <suite>.durations.json), which the support check (test/support-check) reads to prove
// that every test the support report cites for an enforced setting ran and passed. A test that
// passed only on its second try (vitest `retry`, on for the engine suites in CI) is named with its
// first failure and the notable lines its agents logged then, so a flaky test is seen and fixed, not hidden.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly fullName: string;
  readonly state: string;
  readonly flaky?: boolean;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const flaky: string[] = [];
    const failedLogs: string[] = [];
    const fileErrors: string[] = [];
    const outcomes: TestOutcome[] = [];
    const seconds: Record<string, number> = {};
    for (const mod of testModules) {
      const file = path.relative(process.cwd(), mod.moduleId).split(path.sep).join('/');
      seconds[file] = Math.round(mod.diagnostic().duration / 1000);
      // A file that failed with no failed test: it did not load, or a beforeAll/afterAll hook threw
      // (its tests are then reported as skipped). Counted as one failure and named with its error.
      if (mod.state() === 'failed' && ![...mod.children.allTests()].some((t) => t.result().state === 'failed')) {
        failed++;
        outcomes.push({ file, name: '', fullName: '', state: 'failed' });
        const error = [mod, ...mod.children.allSuites()].flatMap((s) => s.errors())[0];
        fileErrors.push(`${file}: ${(error?.message ?? 'no error message').split('\n')[0]?.slice(0, 300)}`);
      }
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        const diagnostic = test.diagnostic();
        if (state === 'passed' && diagnostic?.flaky) {
          const first = test.result().errors?.[0]?.message ?? '';
          const log = (test.meta() as { failureLog?: string[] }).failureLog ?? [];
          flaky.push(`${file} > ${test.fullName} (passed on try ${diagnostic.retryCount + 1}; first failure: ${first.split('\n')[0]?.slice(0, 300)})`
            + (log.length ? `\n    what the agent logged (notable lines):\n${log.map((l) => `      ${l}`).join('\n')}` : ''));
        }
        const failLog = (test.meta() as { failureLog?: string[] }).failureLog ?? [];
        if (state === 'failed' && failLog.length) failedLogs.push(`${file} > ${test.fullName}\n${failLog.map((l) => `      ${l}`).join('\n')}`);
        outcomes.push({ file, name: test.name, fullName: test.fullName, state, ...(diagnostic?.flaky && { flaky: true }) });
      }
    }
    const suite = process.env.SWITCHDECK_SUITE ?? 'tests';
    // One part of a suite run in parts (scripts/integrationShards.mjs), which sums the parts.
    const part = process.env.SWITCHDECK_PART;
    const label = part ? `${suite} part ${part}` : suite;
    if (flaky.length > 0) console.log(`\n${label}: ${flaky.length} passed only on a second try (flaky, to be fixed):\n${flaky.map((f) => `  ${f}`).join('\n')}`);
    if (fileErrors.length > 0) console.log(`\n${label}: files that failed outside any test (their tests count as skipped):\n${fileErrors.map((f) => `  ${f}`).join('\n')}`);
    if (failedLogs.length > 0) console.log(`\n${label}: what the agents logged when these tests failed (notable lines):\n${failedLogs.map((f) => `  ${f}`).join('\n')}`);
    console.log(`\n${label}: ${passed} passed${flaky.length ? ` (${flaky.length} on a second try)` : ''}, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (process.env.SWITCHDECK_SUITE) {
      const dir = part ? path.join('test-results', `${suite}.parts`) : 'test-results';
      const name = part ?? suite;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(outcomes));
      writeFileSync(path.join(dir, `${name}.durations.json`), JSON.stringify(seconds));
    }
  }
}
