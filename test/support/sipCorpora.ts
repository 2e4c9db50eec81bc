// Public SIP test corpora, read from ../shared/testdata beside the repository when present.
// They are never copied into the repository (PROTOS c07-sip is GPLv2); tests that use them say in
// their title when they were skipped because the corpus is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const TESTDATA = path.resolve(repoRoot, '..', 'shared', 'testdata');
export const RFC4475_DIR = path.join(TESTDATA, 'sip-torture-rfc4475');
export const PROTOS_DIR = path.join(TESTDATA, 'protos-c07-sip', 'cases');

export interface CorpusMessage {
  name: string;
  bytes: Buffer;
}

export function rfc4475Present(): boolean {
  return existsSync(RFC4475_DIR);
}

export function protosPresent(): boolean {
  return existsSync(PROTOS_DIR);
}

/** The 49 RFC 4475 torture messages, bytes exactly as in the files. */
export function rfc4475Messages(): CorpusMessage[] {
  return readdirSync(RFC4475_DIR)
    .filter((f) => f.endsWith('.sip'))
    .sort()
    .map((f) => ({ name: f.replace(/\.sip$/, ''), bytes: readFileSync(path.join(RFC4475_DIR, f)) }));
}

/** Loopback values for the PROTOS placeholders (its README lists them). */
export interface ProtosValues {
  to: string;
  from: string;
  fromAddress: string;
  localPort: number;
}

const DEFAULT_VALUES: ProtosValues = { to: 'callee@127.0.0.1', from: 'caller@127.0.0.2', fromAddress: '127.0.0.2', localPort: 5062 };

/**
 * Splits a PROTOS case file into its two length-prefixed records (`<length> <bytes>`, INVITE then
 * teardown) and substitutes the placeholders; Content-Length gets the real body length.
 */
export function protosCase(file: Buffer, caseNo: number, values: ProtosValues = DEFAULT_VALUES): { invite: Buffer; teardown: Buffer } {
  const records: Buffer[] = [];
  let at = 0;
  while (at < file.length && records.length < 2) {
    const space = file.indexOf(0x20, at);
    const len = Number(file.toString('latin1', at, space));
    if (space < 0 || !Number.isInteger(len)) throw new Error(`protos case ${caseNo}: no record length at byte ${at}`);
    records.push(file.subarray(space + 1, space + 1 + len));
    at = space + 1 + len;
  }
  const fill = (raw: Buffer, method: string): Buffer => {
    const text = raw
      .toString('latin1')
      .replaceAll('<Teardown-Method>', method)
      .replaceAll('<From-Address>', values.fromAddress)
      .replaceAll('<From-IP>', values.fromAddress)
      .replaceAll('<Local-Port>', String(values.localPort))
      .replaceAll('<Branch-ID>', String(caseNo))
      .replaceAll('<Call-ID>', `protos-${caseNo}`)
      .replaceAll('<CSeq>', '1')
      .replaceAll('<From>', values.from)
      .replaceAll('<To>', values.to);
    const split = text.indexOf('\r\n\r\n');
    const bodyLength = split < 0 ? 0 : Buffer.byteLength(text.slice(split + 4), 'latin1');
    return Buffer.from(text.replaceAll('<Content-Length>', String(bodyLength)), 'latin1');
  };
  return { invite: fill(records[0] ?? Buffer.alloc(0), 'INVITE'), teardown: fill(records[1] ?? Buffer.alloc(0), 'CANCEL') };
}

/** Every PROTOS case, substituted, in case order. */
export function* protosCases(values?: ProtosValues): Generator<{ caseNo: number; invite: Buffer; teardown: Buffer }> {
  for (const f of readdirSync(PROTOS_DIR).sort()) {
    const caseNo = Number(f);
    if (!Number.isInteger(caseNo)) continue;
    yield { caseNo, ...protosCase(readFileSync(path.join(PROTOS_DIR, f)), caseNo, values) };
  }
}
