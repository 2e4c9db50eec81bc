// Call records as RFC 4180 CSV, written page by page: the header once, then each search page's
// rows, so an export is a sequence of small strings (times in UTC ISO 8601). Pure.
import Papa from 'papaparse';
import type { CdrRecordWire } from '@shared/rpc/cdrApi';
import { cdrOutcomeText } from '@shared/cdr/outcomeText';
import { protectFormula } from '../gateways/csv/format';

const COLUMNS: readonly [string, (r: CdrRecordWire) => string][] = [
  ['start (UTC)', (r) => new Date(r.startedAt).toISOString()],
  ['first ring (UTC)', (r) => (r.ringingAt === null ? '' : new Date(r.ringingAt).toISOString())],
  ['answer (UTC)', (r) => (r.answeredAt === null ? '' : new Date(r.answeredAt).toISOString())],
  ['end (UTC)', (r) => new Date(r.endedAt).toISOString()],
  ['talk time (s)', (r) => String(r.durationSec)],
  ['post-dial delay (ms)', (r) => (r.pddMs === null ? '' : String(r.pddMs))],
  ['caller', (r) => r.caller ?? ''],
  ['callee', (r) => r.callee ?? ''],
  ['mapping gateway', (r) => r.mappingGateway ?? ''],
  ['routing gateway', (r) => r.routingGateway ?? ''],
  ['routing address', (r) => r.routingAddress ?? ''],
  ['from address', (r) => r.source ?? ''],
  ['result', (r) => r.result],
  ['SIP code', (r) => (r.sipCode === null ? '' : String(r.sipCode))],
  ['ended by', (r) => r.endedBy ?? ''],
  ['outcome', (r) => cdrOutcomeText(r)],
  ['Call-ID', (r) => r.callId],
];

/** The first part of the file: byte order mark (Excel reads UTF-8 then) and the header row. */
export function cdrCsvHeader(): string {
  return `\uFEFF${Papa.unparse({ fields: COLUMNS.map(([h]) => h), data: [] }, { newline: '\r\n' }).trimEnd()}\r\n`;
}

export function cdrCsvRows(records: readonly CdrRecordWire[]): string {
  if (records.length === 0) return '';
  const data = records.map((r) => COLUMNS.map(([, f]) => protectFormula(f(r))));
  return `${Papa.unparse(data, { newline: '\r\n' })}\r\n`;
}
