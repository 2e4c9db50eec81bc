// Field-level SIP parsing for trace summaries: header names, comma lists, parameters,
// name-addr (From/To), URI user parts, CSeq. Every function is a single left-to-right scan over
// an already size-capped string: no regular expression can backtrack on attacker input here.
import type { SipParty } from './sipTypes';

/** Compact header forms (RFC 3261 §7.3.3 and the extensions that registered one). */
const COMPACT: Record<string, string> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

const TOKEN_EXTRA = new Set('-.!%*_+`\'~');

/** RFC 3261 token characters. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && !TOKEN_EXTRA.has(s[i]!)) return false;
  }
  return true;
}

/**
 * Splits `s` on `sep` outside double quotes (with backslash escapes) and angle brackets.
 * At most `max` parts: the last part keeps the rest.
 */
export function splitOutside(s: string, sep: string, max = 64): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < s.length && parts.length < max - 1; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === sep && !angle) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** `;name = value;flag` → Map(name → value, flag → ''); names lower-cased, LWS around `=` allowed. */
export function parseParams(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of splitOutside(s, ';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === '' || out.has(name)) continue;
    out.set(name, eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * The user part of a URI as written: `sip:alice@x` → `alice`, `tel:+1555;phone-context=x` →
 * `+1555`. The first `@` ends the user part (it cannot appear unescaped inside it).
 */
export function uriUser(uri: string): string | undefined {
  const colon = uri.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = uri.slice(0, colon).toLowerCase();
  const rest = uri.slice(colon + 1);
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    return (semi < 0 ? rest : rest.slice(0, semi)) || undefined;
  }
  const at = rest.indexOf('@');
  return at > 0 ? rest.slice(0, at) : undefined;
}

/** Closing quote index of a quoted string starting at `open`, or -1 when unterminated. */
function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** From / To / Contact value. `problem` says what was guessed. */
export function parseNameAddr(value: string): { party: SipParty; problem?: string } {
  const v = value.trim();
  let display: string | undefined;
  let from = 0;
  let problem: string | undefined;
  if (v.startsWith('"')) {
    const close = closingQuote(v, 0);
    if (close < 0) problem = 'the display name has no closing quote';
    else {
      display = v.slice(1, close);
      from = close + 1;
    }
  }
  const lt = v.indexOf('<', from);
  let uri: string;
  let params: string;
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (display === undefined) display = v.slice(from, lt).trim() || undefined;
    if (gt < 0) {
      problem ??= 'the address has no closing ">"';
      uri = v.slice(lt + 1).trim();
      params = '';
    } else {
      uri = v.slice(lt + 1, gt).trim();
      params = v.slice(gt + 1);
    }
  } else {
    // addr-spec without brackets: parameters after the URI belong to the header (RFC 3261 §20).
    const semi = v.indexOf(';', from);
    uri = (semi < 0 ? v.slice(from) : v.slice(from, semi)).trim();
    params = semi < 0 ? '' : v.slice(semi);
    if (uri.includes(' ')) problem ??= 'the address contains spaces';
  }
  const party: SipParty = {};
  if (display !== undefined) party.display = display;
  if (uri !== '') {
    party.uri = uri;
    const user = uriUser(uri);
    if (user !== undefined) party.user = user;
  } else problem ??= 'no address found';
  const tag = parseParams(params).get('tag');
  if (tag) party.tag = tag;
  return problem === undefined ? { party } : { party, problem };
}

/** `CSeq: 123 INVITE`; seq only when it is a number up to 2^32-1 (RFC 3261 §8.1.1.5). */
export function parseCSeq(value: string): { seq?: number; method?: string; problem?: string } {
  const parts = value.trim().split(/[ \t]+/, 3);
  const [num = '', method] = parts;
  const out: { seq?: number; method?: string; problem?: string } = {};
  if (method !== undefined && method !== '') out.method = method;
  let digits = num.length > 0;
  for (let i = 0; i < num.length; i++) if (num.charCodeAt(i) < 48 || num.charCodeAt(i) > 57) digits = false;
  const n = digits && num.length <= 12 ? Number(num) : NaN;
  if (Number.isInteger(n) && n <= 0xffffffff) out.seq = n;
  else out.problem = `the sequence number "${num.slice(0, 40)}" is not a number up to 4294967295`;
  if (out.method === undefined) out.problem ??= 'the method is missing';
  else if (parts.length > 2) out.problem ??= 'there is text after the method';
  return out;
}

/** Branch parameter of the first Via value. */
export function topViaBranch(value: string): string | undefined {
  const first = splitOutside(value, ',', 2)[0] ?? '';
  const semi = first.indexOf(';');
  if (semi < 0) return undefined;
  return parseParams(first.slice(semi + 1)).get('branch') || undefined;
}
