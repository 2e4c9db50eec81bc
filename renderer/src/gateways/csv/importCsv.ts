import Papa from 'papaparse';
import i18next from '../../i18n';
import type { z } from 'zod';
import { upsertOp } from '@shared/model/collections';
import { MAX_OPS_PER_CHANGE } from '@shared/model/ops';
import type { ConfigOp } from '@shared/model/ops';
import { CellError } from './cells';
import { columnKey, KEEP, type CsvColumn } from './columns';
import { unprotectFormula, type GatewayCsvFormat } from './format';
import { issueText } from '../../util/issueText';
import { formProblemText } from '../../util/fieldProblem';

export interface CsvProblem {
  readonly column: string;
  readonly message: string;
}

export type RowStatus = 'create' | 'update' | 'unchanged' | 'error';

export interface CsvRowResult {
  /** Spreadsheet row number: the header is row 1. */
  readonly line: number;
  readonly name: string;
  readonly status: RowStatus;
  readonly errors: readonly CsvProblem[];
}

export interface CsvImport {
  /** One upsert per created or updated row; rows with errors contribute nothing. */
  readonly ops: ConfigOp[];
  readonly rows: CsvRowResult[];
  /** About the file as a whole (unknown or repeated columns, no name column); line-less. */
  readonly fileProblems: CsvProblem[];
}

/**
 * The delimiter is taken from the header line (outside quotes): Excel in locales with a decimal
 * comma writes ";", others ",", and tab-separated text pastes also occur. Counting on the header
 * is deterministic where a guess over data rows is not (a single data row guesses poorly).
 */
export function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  return Object.entries(counts).reduce((best, cur) => (cur[1] > best[1] ? cur : best), [',', 0] as [string, number])[0];
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function valueAt(target: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), target);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in rb && deepEqual(ra[k], rb[k]));
}

/** Rows one import may hold: each becomes at most one change, and one change set has a limit. */
export const MAX_CSV_ROWS = MAX_OPS_PER_CHANGE;

/** A cell's problem in the interface language; a list cell names each bad entry. */
export function cellErrorText(e: CellError): string {
  if (e.items.length) return e.items.map((b) => i18next.t(`csvImport.cell.${e.key}`, { n: b.n, text: b.text, reason: cellErrorText(b.error) })).join('; ');
  return i18next.t(`csvImport.cell.${e.key}`, e.params);
}

/** Papa Parse's error codes as sentences; its own English text is never shown. */
function csvErrorText(code: string): string {
  if (code === 'MissingQuotes') return i18next.t('csvImport.row.quoteNotClosed');
  if (code === 'InvalidQuotes') return i18next.t('csvImport.row.quoteInside');
  return i18next.t('csvImport.row.unreadable');
}

/** "item 2: must be…" for an issue below the column's own field, in the interface language. */
function cellIssueText(issue: z.core.$ZodIssue, depth: number, schema: unknown): string {
  const rest = issue.path.slice(depth).filter((p) => typeof p === 'number').map((p) => i18next.t('v.item', { n: p + 1 }));
  const text = issueText(issue, schema);
  return rest.length ? `${rest.join(', ')}: ${text}` : text;
}

function columnOf<T>(columns: readonly CsvColumn<T>[], path: readonly PropertyKey[]): CsvColumn<T> | undefined {
  return columns
    .filter((c) => c.path.every((p, i) => path[i] === p))
    .sort((x, y) => y.path.length - x.path.length)[0];
}

interface HeaderMap<T> {
  readonly mapped: { index: number; column: CsvColumn<T> }[];
  readonly problems: CsvProblem[];
}

function mapHeader<T>(header: readonly string[], columns: readonly CsvColumn<T>[]): HeaderMap<T> {
  const byKey = new Map<string, CsvColumn<T>>();
  for (const c of columns) for (const k of [c.header, ...(c.aliases ?? [])]) byKey.set(columnKey(k), c);
  const mapped: { index: number; column: CsvColumn<T> }[] = [];
  const problems: CsvProblem[] = [];
  header.forEach((raw, index) => {
    const h = raw.trim();
    if (h === '') return;
    const column = byKey.get(columnKey(h));
    if (!column) problems.push({ column: h, message: i18next.t('csvImport.file.unknownColumn') });
    else if (mapped.some((m) => m.column === column)) problems.push({ column: h, message: i18next.t('csvImport.file.repeatedColumn', { column: column.header }) });
    else mapped.push({ index, column });
  });
  return { mapped, problems };
}

/**
 * Reads a CSV file against the current gateways. Each row names one gateway; columns present in
 * the file replace the stored values, absent columns keep them (a new gateway gets the defaults).
 * Every row is checked with the model schema; nothing here stages anything.
 */
export function importCsv<T extends { name: string }>(format: GatewayCsvFormat<T>, text: string, existing: readonly T[]): CsvImport {
  const body = text.replace(/^\uFEFF/, '');
  const whole = (message: string): CsvImport => ({ ops: [], rows: [], fileProblems: [{ column: '', message }] });
  if (body.trim() === '') return whole(i18next.t('csvImport.file.empty'));
  // UTF-16 without a byte order mark, or a spreadsheet's own binary format, decodes with zero bytes.
  if (body.includes('\u0000')) return whole(i18next.t('csvImport.file.notText'));
  const parsed = Papa.parse<string[]>(body, { delimiter: detectDelimiter(body), skipEmptyLines: false });
  const [header = [], ...records] = parsed.data;
  const filled = records.filter((r) => r.some((c) => c.trim() !== '')).length;
  if (filled > MAX_CSV_ROWS) return whole(i18next.t('csvImport.file.tooManyRows', { count: filled, max: MAX_CSV_ROWS }));
  const { mapped, problems } = mapHeader(header, format.columns);
  const nameCol = mapped.find((m) => m.column.path[0] === 'name');
  if (!nameCol) return { ops: [], rows: [], fileProblems: [{ column: 'name', message: i18next.t('csvImport.file.noNameColumn') }, ...problems] };

  const rowErrors = new Map<number, CsvProblem[]>();
  for (const e of parsed.errors) {
    if (e.row === undefined) continue;
    rowErrors.set(e.row, [...(rowErrors.get(e.row) ?? []), { column: '', message: csvErrorText(e.code) }]);
  }
  const cellsOf = (r: string[]) => r.map(unprotectFormula);
  const isBlank = (r: string[]) => r.every((c) => c.trim() === '');
  const lines = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (isBlank(r)) return;
    const name = cellsOf(r)[nameCol.index]?.trim() ?? '';
    lines.set(name, [...(lines.get(name) ?? []), i + 2]);
  });

  const byName = new Map(existing.map((g) => [g.name, g]));
  const ops: ConfigOp[] = [];
  const rows: CsvRowResult[] = [];
  records.forEach((raw, i) => {
    if (isBlank(raw)) return;
    const line = i + 2;
    const cells = cellsOf(raw);
    const errors: CsvProblem[] = [...(rowErrors.get(i + 1) ?? [])];
    const extra = cells.slice(header.length).filter((c) => c.trim() !== '').length;
    if (extra) errors.push({ column: '', message: i18next.t('csvImport.row.extraCells', { count: extra }) });
    const name = cells[nameCol.index]?.trim() ?? '';
    const others = (lines.get(name) ?? []).filter((l) => l !== line);
    if (name !== '' && others.length) errors.push({ column: 'name', message: i18next.t('csvImport.row.duplicate', { name, lines: others.join(', ') }) });

    const prior = byName.get(name);
    const draft: Record<string, unknown> = prior ? structuredClone(prior) as Record<string, unknown> : {};
    const failed = new Set<CsvColumn<T>>();
    for (const { index, column } of mapped) {
      try {
        const value = column.parse(cells[index] ?? '');
        if (value !== KEEP) setPath(draft, column.path, value);
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        failed.add(column);
        errors.push({ column: column.header, message: cellErrorText(e) });
      }
    }
    const result = format.schema.safeParse(draft);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = columnOf(format.columns, issue.path);
        if (column && failed.has(column)) continue;
        const missing = valueAt(draft, issue.path) === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
        const inFile = mapped.some((m) => m.column === column);
        const message = missing ? (inFile ? i18next.t('v.required') : i18next.t('csvImport.row.requiredNew', { column: column?.header ?? '' })) : cellIssueText(issue, column?.path.length ?? 0, format.schema);
        errors.push({ column: column?.header ?? issue.path.join('.'), message });
      }
    }
    if (result.success) {
      // "endpoints[1001].password" → the password column.
      for (const p of format.check?.(result.data) ?? []) {
        const field = p.path.replace(/^[A-Za-z]+\[[^\]]*\]\.?/, '').split(/[.[]/);
        const column = columnOf(format.columns, field);
        errors.push({ column: column?.header ?? field.join('.'), message: formProblemText(i18next.t.bind(i18next), p) });
      }
    }
    if (errors.length || !result.success) {
      rows.push({ line, name, status: 'error', errors });
      return;
    }
    const status: RowStatus = !prior ? 'create' : deepEqual(result.data, prior) ? 'unchanged' : 'update';
    if (status !== 'unchanged') ops.push(upsertOp(format.collection, result.data));
    rows.push({ line, name, status, errors });
  });
  return { ops, rows, fileProblems: problems };
}
