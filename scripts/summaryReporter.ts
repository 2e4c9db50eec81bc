// Prints one plain closing line, "<project>: N passed, N failed[, N skipped]", after vitest's own report,
// so CI logs state the count in a form any reader (or tool) can find. It also writes each test's
// outcome to test-results/<suite>.json, which the support check (test/support-check) reads to prove
// that every test the support report cites for an enforced setting ran and passed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly fullName: string;
  readonly state: string;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const outcomes: TestOutcome[] = [];
    for (const mod of testModules) {
      const file = path.relative(process.cwd(), mod.moduleId).split(path.sep).join('/');
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) {
        failed++; // a file that failed to load
        outcomes.push({ file, name: '', fullName: '', state: 'failed' });
      }
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        outcomes.push({ file, name: test.name, fullName: test.fullName, state });
      }
    }
    const label = process.env.SWITCHDECK_SUITE ?? 'tests';
    console.log(`\n${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (process.env.SWITCHDECK_SUITE) {
      mkdirSync('test-results', { recursive: true });
      writeFileSync(path.join('test-results', `${label}.json`), JSON.stringify(outcomes));
    }
  }
}
