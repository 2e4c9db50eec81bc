import Papa from 'papaparse';
import type { z } from 'zod';
import type { CollectionKey } from '@shared/model/collections';
import type { FieldError } from '@shared/model/fieldPath';
import type { CsvColumn } from './columns';

/** Everything the CSV code needs to know about one gateway kind. */
export interface GatewayCsvFormat<T extends { name: string }> {
  readonly collection: CollectionKey;
  readonly columns: readonly CsvColumn<T>[];
  /** The write-form model schema every imported row must pass. */
  readonly schema: z.ZodType<T, unknown>;
  /** The agent's checks of one row beyond its schema (a required password, …); paths as the agent reports them. */
  readonly check?: (item: T) => readonly FieldError[];
}

/**
 * Spreadsheets run cells starting with = + - @ as formulas ("+86 +1" would become 87), so such
 * cells get a leading apostrophe; import removes exactly one, which keeps the round trip exact.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function protectFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function unprotectFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * The gateways as RFC 4180 CSV: header row, one gateway per row, CRLF line ends, with a UTF-8 byte
 * order mark so that Excel reads non-ASCII notes correctly. Passwords are never written.
 */
export function exportCsv<T extends { name: string }>(format: GatewayCsvFormat<T>, gateways: readonly T[]): string {
  const fields = format.columns.map((c) => c.header);
  const data = gateways.map((g) => format.columns.map((c) => protectFormula(c.format(g))));
  return `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
}
