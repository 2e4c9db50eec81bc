/**
 * OpenSSH known_hosts, pure: parsing, host pattern matching (plain, wildcard, negated, hashed),
 * key checks and line formatting. No file I/O here (see ./knownHostsFile); node:crypto only for
 * the HMAC-SHA1 of hashed host names and SHA256 fingerprints.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { fingerprintSha256, keyTypeOfBlob, normaliseKeyType } from './hostKeyBlob';

export { fingerprintSha256, keyTypeOfBlob };

export type KnownHostsMarker = 'revoked' | 'cert-authority' | null;

export type HostField =
  | { readonly kind: 'patterns'; readonly text: string }
  | { readonly kind: 'hashed'; readonly salt: Buffer; readonly hash: Buffer };

export interface KnownHostsEntry {
  /** 1-based line number in its file. */
  readonly line: number;
  readonly marker: KnownHostsMarker;
  readonly hosts: HostField;
  /** The type stored inside the key blob (rsa-sha2-* in the type field is read as ssh-rsa). */
  readonly keyType: string;
  readonly keyBlob: Buffer;
  readonly comment: string;
}

export interface InvalidLine {
  readonly line: number;
  readonly reason: string;
}

export interface ParsedKnownHosts {
  readonly entries: readonly KnownHostsEntry[];
  readonly invalid: readonly InvalidLine[];
}

/** How OpenSSH names a host in known_hosts: bare for port 22, `[host]:port` otherwise; lower case. */
export function hostKeyString(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseHostField(field: string): HostField | string {
  if (!field.startsWith('|')) return { kind: 'patterns', text: field };
  const parts = field.split('|');
  // "|1|salt|hash" splits into ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return 'hashed host field is not "|1|salt|hash"';
  const [, , saltText = '', hashText = ''] = parts;
  if (!BASE64.test(saltText) || !BASE64.test(hashText)) return 'hashed host field is not base64';
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length !== 20 || hash.length !== 20) return 'hashed host field: salt and hash must be 20 bytes (SHA-1)';
  return { kind: 'hashed', salt, hash };
}

function parseLine(raw: string, line: number): KnownHostsEntry | InvalidLine | null {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return null;
  const fields = text.split(/[ \t]+/);
  let marker: KnownHostsMarker = null;
  if (fields[0]?.startsWith('@')) {
    const m = fields.shift();
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return { line, reason: `unknown marker ${m}` };
  }
  const [hostText, typeText, keyText, ...rest] = fields;
  if (hostText === undefined || typeText === undefined || keyText === undefined) {
    return { line, reason: 'expected: [marker] hosts key-type base64-key [comment]' };
  }
  const hosts = parseHostField(hostText);
  if (typeof hosts === 'string') return { line, reason: hosts };
  if (!BASE64.test(keyText)) return { line, reason: 'key is not base64' };
  const keyBlob = Buffer.from(keyText, 'base64');
  const blobType = keyTypeOfBlob(keyBlob);
  if (blobType === null) return { line, reason: 'key blob does not start with its type name' };
  if (normaliseKeyType(typeText) !== blobType) {
    return { line, reason: `key type field ${typeText} does not match the key (${blobType})` };
  }
  return { line, marker, hosts, keyType: blobType, keyBlob, comment: rest.join(' ') };
}

export function parseKnownHosts(text: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = [];
  const invalid: InvalidLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const parsed = parseLine(raw, i + 1);
    if (parsed === null) return;
    if ('reason' in parsed) invalid.push(parsed);
    else entries.push(parsed);
  });
  return { entries, invalid };
}

/** OpenSSH match_pattern: `*` any run, `?` any one character; whole-string match. */
export function wildcardMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * OpenSSH match_hostname over a comma-separated list: a matching `!pattern` vetoes the whole line,
 * otherwise any matching positive pattern matches. Case-insensitive.
 */
export function matchHostPatterns(hostString: string, patternList: string): 'match' | 'negated' | 'none' {
  const host = hostString.toLowerCase();
  let positive = false;
  for (const raw of patternList.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (pattern === '' || !wildcardMatch(host, pattern)) continue;
    if (negated) return 'negated';
    positive = true;
  }
  return positive ? 'match' : 'none';
}

function hmacSha1(salt: Buffer, hostString: string): Buffer {
  return createHmac('sha1', salt).update(hostString).digest();
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, hostString))`, as `ssh-keygen -H` writes it. */
export function hashHostName(hostString: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${hmacSha1(salt, hostString).toString('base64')}`;
}

export function entryMatchesHost(entry: KnownHostsEntry, hostString: string): boolean {
  if (entry.hosts.kind === 'hashed') return hmacSha1(entry.hosts.salt, hostString).equals(entry.hosts.hash);
  return matchHostPatterns(hostString, entry.hosts.text) === 'match';
}

/** One file's entries with its name, for results that point at a file and line. */
export interface KnownHostsSource {
  readonly file: string;
  readonly entries: readonly KnownHostsEntry[];
}

export interface EntryRef {
  readonly file: string;
  readonly line: number;
  readonly keyType: string;
  readonly fingerprintSha256: string;
}

export type HostKeyCheck =
  | { readonly status: 'known'; readonly entry: EntryRef }
  | { readonly status: 'unknown' }
  /** sameType false: the host is known only with other key types (OpenSSH would list them). */
  | { readonly status: 'changed'; readonly expected: EntryRef; readonly sameType: boolean }
  | { readonly status: 'revoked'; readonly entry: EntryRef };

function refOf(file: string, e: KnownHostsEntry): EntryRef {
  return { file, line: e.line, keyType: e.keyType, fingerprintSha256: fingerprintSha256(e.keyBlob) };
}

function hostEntries(sources: readonly KnownHostsSource[], host: string, port: number) {
  const hs = hostKeyString(host, port);
  const out: { file: string; entry: KnownHostsEntry }[] = [];
  for (const s of sources) {
    for (const entry of s.entries) {
      // cert-authority lines vouch for certificates; a plain host key never matches them.
      if (entry.marker !== 'cert-authority' && entryMatchesHost(entry, hs)) out.push({ file: s.file, entry });
    }
  }
  return out;
}

/**
 * Checks a presented host key like OpenSSH: a revoked key is refused even if also listed; any
 * matching entry in any file makes it known; an entry for the host with another key makes it changed.
 */
export function checkHostKey(sources: readonly KnownHostsSource[], host: string, port: number, keyBlob: Buffer): HostKeyCheck {
  const found = hostEntries(sources, host, port);
  const revoked = found.find((f) => f.entry.marker === 'revoked' && f.entry.keyBlob.equals(keyBlob));
  if (revoked) return { status: 'revoked', entry: refOf(revoked.file, revoked.entry) };
  const plain = found.filter((f) => f.entry.marker === null);
  const same = plain.find((f) => f.entry.keyBlob.equals(keyBlob));
  if (same) return { status: 'known', entry: refOf(same.file, same.entry) };
  const type = keyTypeOfBlob(keyBlob);
  const sameType = plain.find((f) => f.entry.keyType === type);
  const other = sameType ?? plain[0];
  if (other) return { status: 'changed', expected: refOf(other.file, other.entry), sameType: sameType !== undefined };
  return { status: 'unknown' };
}

/** Key types with a plain (unmarked) entry for this host, in file order, without duplicates. */
export function knownKeyTypes(sources: readonly KnownHostsSource[], host: string, port: number): string[] {
  const types = hostEntries(sources, host, port)
    .filter((f) => f.entry.marker === null)
    .map((f) => f.entry.keyType);
  return [...new Set(types)];
}

/** Host key algorithms to offer for known key types (an ssh-rsa key signs with rsa-sha2-*). */
export function hostKeyAlgorithmsFor(keyTypes: readonly string[]): string[] {
  const algs = keyTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
  return [...new Set(algs)];
}

export interface FormatOptions {
  readonly hash: boolean;
  readonly salt?: Buffer;
  readonly comment?: string;
}

export function formatKnownHostsLine(host: string, port: number, keyBlob: Buffer, opts: FormatOptions): string {
  const hs = hostKeyString(host, port);
  const type = keyTypeOfBlob(keyBlob);
  if (type === null) throw new Error('keyBlob: not an SSH public key blob');
  const hostField = opts.hash ? hashHostName(hs, opts.salt) : hs;
  const comment = opts.comment ? ` ${opts.comment.replace(/[\r\n]+/g, ' ')}` : '';
  return `${hostField} ${type} ${keyBlob.toString('base64')}${comment}`;
}

/** Lines (1-based) whose plain entry names exactly this host; for "forget this host". */
export function linesForHost(parsed: ParsedKnownHosts, host: string, port: number): number[] {
  const hs = hostKeyString(host, port);
  return parsed.entries.filter((e) => e.marker === null && entryMatchesHost(e, hs)).map((e) => e.line);
}
