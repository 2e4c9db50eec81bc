// Runs after the unit and integration suites (npm test): every test that the support report cites for
// an enforced parameter or gateway setting must have run in this CI run and passed. A renamed,
// skipped or failing proof makes the claim "enforced" untrue, so the run fails.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { citedTests, supportRows, titleForms } from '../../shared/model/supportReport';
import type { TestOutcome } from '../../scripts/summaryReporter';

const SUITES = ['unit', 'integration'];

function loadOutcomes(): TestOutcome[] | undefined {
  const files = SUITES.map((s) => `test-results/${s}.json`);
  if (!files.every((f) => existsSync(f))) return undefined;
  return files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as TestOutcome[]);
}

const outcomes = loadOutcomes();

describe('support report proofs', () => {
  it('results of the unit and integration suites are present (always in CI)', () => {
    if (process.env.CI === 'true') expect(outcomes, 'run npm run test:unit and test:integration first').toBeDefined();
  });

  it.runIf(outcomes)('every test cited for an enforced setting ran and passed', () => {
    const bad: string[] = [];
    for (const row of supportRows()) {
      if (row.support.status !== 'enforced') continue;
      for (const ref of citedTests(row.support)) {
        const inFile = outcomes!.filter((o) => o.file === ref.file);
        const forms = ref.title ? titleForms(ref.title) : [];
        const cited = ref.title ? inFile.filter((o) => forms.some((t) => o.name === t || o.fullName.endsWith(t))) : inFile;
        if (cited.length === 0) bad.push(`${row.area} ${row.name}: ${ref.title ?? ref.file} did not run`);
        else if (cited.some((o) => o.state !== 'passed')) bad.push(`${row.area} ${row.name}: ${ref.title ?? ref.file} did not pass`);
      }
    }
    expect(bad).toEqual([]);
  });
});
