import { CATALOG } from '../catalog';
import type { EngineSupport } from '../catalog/types';
import { MAPPING_GATEWAY_SUPPORT, ROUTING_GATEWAY_SUPPORT } from './gatewaySupport';
import { ENDPOINT_SUPPORT } from './endpointSupport';

/**
 * The support report: every system parameter and gateway setting with what the engine does with it
 * and the test that proves it. Built from the catalog and the gateway support tables, so it can never
 * say more than they do; `docs/support-report.md` is this text, kept current by a unit test, and CI
 * checks that every test an `enforced` entry names exists and passed (test/support-check). A
 * `not-engine` entry (operators' notes) cites no test and is counted apart from the engine's.
 */
export interface SupportRow {
  readonly area: 'System parameter' | 'Routing gateway' | 'Mapping gateway' | 'Endpoint';
  readonly name: string;
  readonly support: EngineSupport;
}

/** One test an entry cites: a test file, and the test's title when the entry names one (`file › title`). */
export interface TestRef {
  readonly file: string;
  readonly title?: string;
}

export function supportRows(): SupportRow[] {
  const rows: SupportRow[] = CATALOG.map((p) => ({ area: 'System parameter', name: p.name, support: p.engine }));
  for (const [name, support] of Object.entries(ROUTING_GATEWAY_SUPPORT)) rows.push({ area: 'Routing gateway', name, support });
  for (const [name, support] of Object.entries(MAPPING_GATEWAY_SUPPORT)) rows.push({ area: 'Mapping gateway', name, support });
  for (const [name, support] of Object.entries(ENDPOINT_SUPPORT)) rows.push({ area: 'Endpoint', name, support });
  return rows;
}

const TEST_FILE = /^(?:test|switch-agent|shared|renderer|electron)\/\S+\.test\.tsx?/;
// Titles may themselves contain "; ", so a new reference starts only where a test file path does.
const NEXT_REF = /; (?=(?:test|switch-agent|shared|renderer|electron)\/\S+\.test\.tsx?)/;

/**
 * The tests an entry's `test` text cites: "file", "file (comment)", "file › title", several joined by
 * "; ". Text that starts with no test file cites none.
 */
export function parseTestRefs(text: string): TestRef[] {
  const refs: TestRef[] = [];
  for (const part of text.split(NEXT_REF)) {
    const file = TEST_FILE.exec(part)?.[0];
    if (!file) continue;
    const rest = part.slice(file.length).trim();
    if (rest.startsWith('›')) refs.push({ file, title: rest.slice(1).trim() });
    else refs.push({ file });
  }
  return refs;
}

/**
 * The names a cited title may have in its test file: as written, and without a trailing
 * parenthesised comment ("title (what it shows)"), since titles may end in brackets of their own.
 */
export function titleForms(title: string): string[] {
  const bare = /^(.*\S) \([^()]*\)$/.exec(title)?.[1];
  return bare ? [title, bare] : [title];
}

export function citedTests(support: EngineSupport): TestRef[] {
  return support.status === 'stored' || support.status === 'not-engine' || !support.test ? [] : parseTestRefs(support.test);
}

const STATUS_WORD: Record<EngineSupport['status'], string> = { enforced: 'Enforced', approximated: 'Approximated', stored: 'Stored only', 'not-engine': 'Not an engine setting' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function detail(s: EngineSupport): string {
  if (s.status === 'stored' || s.status === 'not-engine') return cell(s.why);
  if (s.status === 'approximated') return cell(s.test ? `${s.how} Proof: ${s.test}` : s.how);
  return cell(s.test);
}

export function renderSupportReport(rows: readonly SupportRow[] = supportRows()): string {
  const count = (status: EngineSupport['status'], area?: SupportRow['area']) =>
    rows.filter((r) => r.support.status === status && (!area || r.area === area)).length;
  const areas: SupportRow['area'][] = ['System parameter', 'Routing gateway', 'Mapping gateway', 'Endpoint'];
  const out = [
    '# What the switch applies — support report',
    '',
    'Generated from `shared/catalog`, `shared/model/gatewaySupport.ts` and `shared/model/endpointSupport.ts` by',
    '`npm run support-report`; a unit test fails when this file is out of date, and CI fails when an',
    '"Enforced" entry cites a test that does not exist or did not pass. Do not edit by hand.',
    '',
    '| Area | Enforced | Approximated | Stored only | Not an engine setting |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...areas.map((a) => `| ${a}s | ${count('enforced', a)} | ${count('approximated', a)} | ${count('stored', a)} | ${count('not-engine', a)} |`),
    '',
  ];
  for (const area of areas) {
    out.push(`## ${area}s`, '', '| Name | Status | Proof, approximation or reason |', '| --- | --- | --- |');
    for (const r of rows.filter((x) => x.area === area)) out.push(`| \`${r.name}\` | ${STATUS_WORD[r.support.status]} | ${detail(r.support)} |`);
    out.push('');
  }
  return out.join('\n');
}
