import { SECRET_MAX_LENGTH } from '@shared/model/secret';
import { CellError, formatBool, parseBool, splitList } from './cells';

/** Returned by a column's `parse` when the stored value must stay as it is (an empty password cell). */
export const KEEP: unique symbol = Symbol('keep');

/**
 * One CSV column: its header, the gateway field it carries and how the cell text maps to it.
 * `parse` returns the value for `path`, `undefined` for "the schema default" (an empty scalar
 * cell), or KEEP; it throws CellError for text of the wrong shape.
 */
export interface CsvColumn<T> {
  readonly header: string;
  /** Other accepted spellings of the header (compared without case, spaces, "_" and "-"). */
  readonly aliases?: readonly string[];
  readonly path: readonly string[];
  /** What the cell holds, for the operator documentation. */
  readonly help: string;
  format(g: T): string;
  parse(cell: string): unknown;
}

/** Empty scalar cells mean the default a new gateway would get. */
const orDefault = <V>(parse: (s: string) => V) => (cell: string): V | undefined => (cell.trim() === '' ? undefined : parse(cell));

export const nameColumn = <T extends { name: string }>(): CsvColumn<T> => ({
  header: 'name',
  path: ['name'],
  help: 'Gateway name (the identity: a row updates the gateway with this name or creates it).',
  format: (g) => g.name,
  parse: (cell) => cell.trim(),
});

export const boolColumn = <T>(header: string, path: readonly string[], get: (g: T) => boolean, help: string): CsvColumn<T> => ({
  header, path, help: `${help} yes/no (also true/false, 1/0, on/off); empty = default.`,
  format: (g) => formatBool(get(g)),
  parse: orDefault(parseBool),
});

/** Enum cells are matched without regard to case; anything else is left for the schema to name. */
export const enumColumn = <T>(header: string, path: readonly string[], options: readonly string[], get: (g: T) => string, help: string): CsvColumn<T> => ({
  header, path, help: `${help} One of ${options.join(', ')}; empty = default.`,
  format: get,
  parse: orDefault((cell) => {
    const s = cell.trim();
    return options.find((o) => o.toLowerCase() === s.toLowerCase()) ?? s;
  }),
});

export const textColumn = <T>(header: string, path: readonly string[], get: (g: T) => string, help: string, trim = true): CsvColumn<T> => ({
  header, path, help, format: get, parse: (cell) => (trim ? cell.trim() : cell),
});

export const listColumn = <T>(header: string, path: readonly string[], get: (g: T) => readonly string[], help: string): CsvColumn<T> => ({
  header, path, help: `${help} Separated by spaces or semicolons; empty = none.`,
  format: (g) => get(g).join(' '),
  parse: splitList,
});

/**
 * Passwords are never exported (the cell is always empty). On import a value replaces the stored
 * password; an empty cell keeps it (a new gateway then has none).
 */
export const passwordColumn = <T>(header: string, path: readonly string[], help: string): CsvColumn<T> => ({
  header, path, help: `${help} Never exported; a value sets a new password, empty keeps the stored one.`,
  format: () => '',
  parse: (cell) => {
    if (cell === '') return KEEP;
    // Checked here so the message is about the password, not about the secret's internal shape.
    if (cell.length > SECRET_MAX_LENGTH) throw new CellError(`must be at most ${SECRET_MAX_LENGTH} characters`, 'passwordLong', { max: SECRET_MAX_LENGTH });
    if (!/^[\x20-\x7e]+$/.test(cell)) throw new CellError('must contain printable ASCII characters only', 'passwordAscii');
    return { set: true, value: cell };
  },
});

export const DIAL_HELP = 'Rules separated by ";", each PREFIX{MIN-MAX}>ACTION with ACTION keep, strip:N, prepend:DIGITS or replace:DIGITS (the length bounds are optional). Empty = no rewrite.';

export const columnKey = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');
