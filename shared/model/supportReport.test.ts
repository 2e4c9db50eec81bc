import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { citedTests, parseTestRefs, renderSupportReport, supportRows, titleForms } from './supportReport';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT = path.join(root, 'docs/support-report.md');

describe('support report', () => {
  it('reads the forms an entry uses to cite tests', () => {
    expect(parseTestRefs('test/integration/agent/a.test.ts')).toEqual([{ file: 'test/integration/agent/a.test.ts' }]);
    expect(parseTestRefs('shared/x.test.ts (a comment)')).toEqual([{ file: 'shared/x.test.ts' }]);
    expect(parseTestRefs('test/a.test.ts › stops; then starts; test/b.test.tsx › other')).toEqual([
      { file: 'test/a.test.ts', title: 'stops; then starts' },
      { file: 'test/b.test.tsx', title: 'other' },
    ]);
    expect(parseTestRefs('Kept for operators; the engine does not use it.')).toEqual([]);
    expect(titleForms('stops (and starts)')).toEqual(['stops (and starts)', 'stops']);
    expect(titleForms('plain')).toEqual(['plain']);
  });

  it('every test an entry cites exists, and a named test is in that file', () => {
    const missing: string[] = [];
    for (const row of supportRows()) {
      const refs = citedTests(row.support);
      if (row.support.status === 'enforced' && refs.length === 0) {
        missing.push(`${row.name}: cites no test file`);
      }
      for (const ref of refs) {
        const file = path.join(root, ref.file);
        if (!existsSync(file)) missing.push(`${row.name}: ${ref.file} does not exist`);
        else if (ref.title && !titleForms(ref.title).some((t) => readFileSync(file, 'utf8').includes(t))) missing.push(`${row.name}: no test "${ref.title}" in ${ref.file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('operators\' notes are not engine settings: no test cited, counted apart from Enforced', () => {
    const notes = supportRows().filter((r) => r.name === 'notes');
    expect(notes.map((r) => r.area).sort()).toEqual(['Endpoint', 'Mapping gateway', 'Routing gateway']);
    for (const r of notes) {
      expect(r.support.status).toBe('not-engine');
      expect(citedTests(r.support)).toEqual([]);
    }
    const text = renderSupportReport();
    expect(text).toContain('| Area | Enforced | Approximated | Stored only | Not an engine setting |');
    expect(text).toMatch(/^\| Endpoints \| \d+ \| \d+ \| \d+ \| 1 \|$/m);
    expect(text).toContain('| `notes` | Not an engine setting | Kept for operators; the engine does not use it. |');
    expect(text).not.toMatch(/\| `notes` \| Enforced/);
  });

  it('docs/support-report.md is current (regenerate with npm run support-report)', () => {
    const text = renderSupportReport();
    if (process.env.UPDATE_SUPPORT_REPORT === '1') writeFileSync(REPORT, text);
    expect(existsSync(REPORT)).toBe(true);
    expect(readFileSync(REPORT, 'utf8')).toBe(text);
  });
});
