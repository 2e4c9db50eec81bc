import type { DialAction, DialRule } from '@shared/model/dialPlan';
import { isIPv6 } from '@shared/model/net';

/**
 * Text forms of structured values inside one CSV cell. Every `parse*` either returns the value or
 * throws a CellError whose message is shown next to the column; the model schema checks ranges and
 * character sets afterwards, so these only decide the shape.
 */
export class CellError extends Error {
  /**
   * `message` is the English sentence (tests, logs); `key` under csvImport.cell and `params` say it in
   * the interface language; `items` are the bad entries of a list cell, every one of them.
   */
  constructor(message: string, readonly key: string, readonly params: Readonly<Record<string, string | number>> = {}, readonly items: readonly CellItemError[] = []) {
    super(message);
  }
}

/** One bad entry of a list cell: its number from 1, its text and what is wrong with it. */
export interface CellItemError {
  readonly n: number;
  readonly text: string;
  readonly error: CellError;
}

/** Reads every entry of a list cell and names each bad one, not only the first. */
export function parseItems<T>(items: readonly string[], parse: (s: string) => T, noun: 'item' | 'rule' = 'item'): T[] {
  const bad: CellItemError[] = [];
  const out: T[] = [];
  items.forEach((text, i) => {
    try {
      out.push(parse(text));
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      bad.push({ n: i + 1, text, error: e });
    }
  });
  if (bad.length) throw new CellError(bad.map((b) => `${noun} ${b.n} (${b.text}): ${b.error.message}`).join('; '), noun, {}, bad);
  return out;
}

/** Lists inside a cell: items separated by spaces, semicolons or commas (Excel users type any of them). */
export function splitList(cell: string): string[] {
  return cell.split(/[\s;,]+/).filter((s) => s !== '');
}

const TRUE = new Set(['yes', 'y', 'true', '1', 'on', 'enabled']);
const FALSE = new Set(['no', 'n', 'false', '0', 'off', 'disabled']);

export function formatBool(v: boolean): string {
  return v ? 'yes' : 'no';
}

export function parseBool(cell: string): boolean {
  const s = cell.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new CellError('must be yes or no', 'yesNo');
}

/** Optional booleans that inherit a system parameter: empty = inherit. */
export function formatInheritBool(v: boolean | null): string {
  return v === null ? '' : formatBool(v);
}

export function parseInheritBool(cell: string): boolean | null {
  return cell.trim() === '' ? null : parseBool(cell);
}

export function formatInt(v: number | null): string {
  return v === null ? '' : String(v);
}

/** Whole numbers only: "1e3", "10.0" or "1 000" are refused rather than guessed. */
export function parseInt10(cell: string): number {
  const s = cell.trim();
  if (!/^-?[0-9]+$/.test(s)) throw new CellError('must be a whole number', 'whole');
  return Number(s);
}

/** Empty = no limit / system value (the schema's null). */
export function parseOptionalInt(cell: string): number | null {
  return cell.trim() === '' ? null : parseInt10(cell);
}

export function parseIntList(cell: string): number[] {
  return parseItems(splitList(cell), parseInt10);
}

/** IPv6 literals are bracketed whenever a port follows, as in SIP URIs. */
export function formatHostPort(host: string, port: number | null): string {
  if (port === null) return host;
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** "host", "host:port", "[v6]:port" or a bare IPv6 literal (more than one colon, no brackets). */
export function parseHostPort(text: string): { host: string; port: number | null } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] === undefined ? null : parsePort(bracketed[2], text) };
  const colons = text.split(':').length - 1;
  if (colons !== 1) return { host: text, port: null };
  const [host = '', port = ''] = text.split(':');
  return { host, port: parsePort(port, text) };
}

function parsePort(s: string, whole: string): number {
  if (!/^[0-9]+$/.test(s)) throw new CellError(`${whole}: the port must be a number`, 'port', { text: whole });
  return Number(s);
}

export interface AddressText {
  host: string;
  port: number;
  transport: string;
}

export function formatAddress(a: AddressText): string {
  return `${formatHostPort(a.host, a.port)}/${a.transport}`;
}

/** "host[:port][/transport]"; the port defaults to 5060 and the transport to udp, as in the dialog. */
export function parseAddress(item: string): AddressText {
  const slash = item.lastIndexOf('/');
  const hostPort = slash < 0 ? item : item.slice(0, slash);
  const transport = slash < 0 ? 'udp' : item.slice(slash + 1).toLowerCase();
  const { host, port } = parseHostPort(hostPort);
  return { host, port: port ?? 5060, transport };
}

/**
 * Dial plans in one cell: rules separated by ";", each `PREFIX{MIN-MAX}>ACTION` where the length
 * bounds are optional (either side may be empty) and ACTION is keep, strip:N, prepend:DIGITS or
 * replace:DIGITS (replace: with nothing removes the prefix). Example: `0086{11-}>strip:4; >prepend:00`.
 */
export function formatDialPlan(plan: readonly DialRule[]): string {
  return plan.map(formatRule).join('; ');
}

function formatRule(r: DialRule): string {
  const { prefix, minLength, maxLength } = r.match;
  const len = minLength === null && maxLength === null ? '' : `{${minLength ?? ''}-${maxLength ?? ''}}`;
  return `${prefix}${len}>${formatAction(r.action)}`;
}

function formatAction(a: DialAction): string {
  switch (a.kind) {
    case 'keep':
      return 'keep';
    case 'strip':
      return `strip:${a.digits}`;
    case 'prepend':
      return `prepend:${a.prefix}`;
    case 'replacePrefix':
      return `replace:${a.with}`;
  }
}

const RULE = /^([^{>]*)(?:\{([0-9]*)-([0-9]*)\})?>(keep|strip:([0-9]+)|prepend:(\S*)|replace:(\S*))$/i;

export function parseDialPlan(cell: string): unknown[] {
  const rules = cell
    .split(';')
    .map((s) => s.replace(/\s+/g, ''))
    .filter((s) => s !== '');
  return parseItems(rules, (text) => {
      const m = RULE.exec(text);
      if (!m) throw new CellError('must look like PREFIX{MIN-MAX}>keep|strip:N|prepend:DIGITS|replace:DIGITS', 'dialRule');
      const bound = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
      const match = { prefix: m[1] ?? '', minLength: bound(m[2]), maxLength: bound(m[3]) };
      const verb = (m[4] ?? '').toLowerCase();
      const action = verb === 'keep'
        ? { kind: 'keep' }
        : verb.startsWith('strip:')
          ? { kind: 'strip', digits: Number(m[5]) }
          : verb.startsWith('prepend:')
            ? { kind: 'prepend', prefix: m[6] ?? '' }
            : { kind: 'replacePrefix', with: m[7] ?? '' };
      return { match, action };
    }, 'rule');
}
