// SIP message parser for traces. Pure and total: bytes in, a message with typed problems or a
// typed error out, in one pass over the input, with capped header count and sizes.
//
// Liberal where a viewer should still show the message: CRLF or bare LF line ends, leading
// blank lines skipped, folded header lines joined, extra spaces on the start line accepted (and
// flagged). Framing follows RFC 3261 §18.3 for datagrams: Content-Length bounds the body; extra
// bytes after it are flagged and left out; without Content-Length the body runs to the end.
import { headerKey, isToken, parseCSeq, parseNameAddr, topViaBranch, uriUser } from './sipFields';
import { SIP_LIMITS } from './sipTypes';
import type { SipHeader, SipMessage, SipParty, SipProblem, SipProblemCode, SipResult } from './sipTypes';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const LF = 0x0a;
const CR = 0x0d;

/** Headers that must appear once per message; several values are flagged. */
const SINGLE = ['call-id', 'from', 'to', 'cseq', 'max-forwards', 'content-type'];
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];

interface Line {
  text: string;
  /** Byte offset just after this line's LF (or the end). */
  next: number;
}

/** Reads one line starting at `at`; text is decoded and capped, the scan itself is linear. */
function readLine(b: Uint8Array, at: number, cap: number): Line & { terminated: boolean; long: boolean } {
  let lf = b.indexOf(LF, at);
  const terminated = lf >= 0;
  if (lf < 0) lf = b.length;
  let end = lf > at && b[lf - 1] === CR ? lf - 1 : lf;
  let long = end - at > cap * 4;
  if (long) end = at + cap * 4; // UTF-8 takes at most 4 bytes per character: enough for `cap`
  let text = utf8.decode(b.subarray(at, end));
  if (text.length > cap) {
    text = text.slice(0, cap);
    long = true;
  }
  return { text, next: terminated ? lf + 1 : lf, terminated, long };
}

class Problems {
  readonly list: SipProblem[] = [];
  private readonly seen = new Set<string>();
  add(code: SipProblemCode, message: string, header?: string): void {
    const k = `${code}|${header ?? ''}`;
    if (this.seen.has(k) || this.list.length >= 64) return;
    this.seen.add(k);
    this.list.push(header === undefined ? { code, message } : { code, message, header });
  }
}

type StartLine = Pick<SipMessage, 'kind' | 'method' | 'requestUri' | 'ruriUser' | 'status' | 'reason' | 'version'>;

function parseStartLine(line: string, p: Problems): StartLine | undefined {
  const parts = line.split(' ').filter((x) => x !== '');
  if (parts.length < 2) return undefined;
  const irregular = parts.length > 3 || line !== parts.join(' ');
  if (parts[0]!.toUpperCase().startsWith('SIP/')) {
    const version = parts[0]!;
    const code = parts[1]!;
    if (!/^[0-9]{1,10}$/.test(code)) return undefined;
    const status = Number(code);
    if (status < 100 || status > 699 || code.length !== 3) p.add('STATUS_CODE', `The status code ${code} is not a number from 100 to 699.`);
    if (version !== 'SIP/2.0') p.add('VERSION', `The version is "${version.slice(0, 20)}", not SIP/2.0.`);
    const codeAt = line.indexOf(code, line.indexOf(version) + version.length);
    return { kind: 'response', method: undefined, requestUri: undefined, ruriUser: undefined, status, reason: line.slice(codeAt + code.length).trim(), version };
  }
  const version = parts[parts.length - 1]!;
  if (parts.length < 3 || !version.toUpperCase().startsWith('SIP/')) return undefined;
  const method = parts[0]!;
  if (!isToken(method)) p.add('START_LINE', 'The method contains characters a SIP token may not have.');
  if (irregular) p.add('START_LINE', 'The request line has extra spaces (only single spaces are allowed).');
  if (version !== 'SIP/2.0') p.add('VERSION', `The version is "${version.slice(0, 20)}", not SIP/2.0.`);
  let requestUri = parts.slice(1, -1).join(' ');
  if (requestUri.startsWith('<') && requestUri.endsWith('>')) {
    p.add('START_LINE', 'The request URI is enclosed in "<>".');
    requestUri = requestUri.slice(1, -1);
  }
  return { kind: 'request', method, requestUri, ruriUser: uriUser(requestUri), status: undefined, reason: undefined, version };
}

export function parseSip(b: Uint8Array): SipResult {
  if (b.length > SIP_LIMITS.maxMessageBytes) {
    return { ok: false, error: { code: 'SIP_TOO_LARGE', message: `The message has ${b.length} bytes; at most ${SIP_LIMITS.maxMessageBytes} are read.` } };
  }
  let at = 0;
  while (at < b.length && (b[at] === CR || b[at] === LF)) at++; // RFC 3261 §7.5: skip leading CRLFs
  if (at >= b.length) return { ok: false, error: { code: 'SIP_EMPTY', message: 'The message is empty.' } };

  const p = new Problems();
  const first = readLine(b, at, SIP_LIMITS.maxStartLine);
  const start = parseStartLine(first.text, p);
  if (!start) {
    return { ok: false, error: { code: 'SIP_NOT_SIP', message: 'The first line is neither a SIP request line nor a SIP status line.' } };
  }
  at = first.next;

  const headers: SipHeader[] = [];
  let current: SipHeader | undefined;
  let dropped = 0;
  let ended = !first.terminated;
  let terminated = false;
  while (!ended && at < b.length) {
    const line = readLine(b, at, SIP_LIMITS.maxHeaderValue);
    at = line.next;
    if (line.text === '' && !line.long) {
      terminated = line.terminated;
      break;
    }
    if (!line.terminated) ended = true;
    const c0 = line.text.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      // Folded continuation (RFC 3261 §7.3.1): joined to the previous value by one space.
      if (current) appendValue(current, line.text.trim(), p);
      else p.add('HEADER_LINE', 'A continuation line comes before any header.');
      continue;
    }
    const colon = line.text.indexOf(':');
    const name = colon < 0 ? '' : line.text.slice(0, colon).trim();
    if (!isToken(name)) {
      p.add('HEADER_LINE', `A header line has no valid name before ":": "${line.text.slice(0, 40)}".`);
      current = undefined;
      continue;
    }
    if (line.long) p.add('HEADER_TOO_LONG', `The ${name} header is longer than ${SIP_LIMITS.maxHeaderValue} characters and was cut.`, name);
    if (headers.length >= SIP_LIMITS.maxHeaders) {
      dropped++;
      current = undefined;
      continue;
    }
    current = { name, key: headerKey(name), value: line.text.slice(colon + 1).trim() };
    headers.push(current);
  }
  if (dropped > 0) p.add('TOO_MANY_HEADERS', `${dropped} headers after the first ${SIP_LIMITS.maxHeaders} were not kept.`);
  if (!terminated) p.add('HEADERS_UNTERMINATED', 'The headers do not end with an empty line; the message may be cut.');

  const sum = summarise(start, headers, p);
  // One object literal of a fixed shape: adding fields one by one made parsing 3× slower.
  const message: SipMessage = {
    kind: start.kind,
    method: start.method,
    requestUri: start.requestUri,
    ruriUser: start.ruriUser,
    status: start.status,
    reason: start.reason,
    version: start.version,
    headers,
    callId: sum.callId,
    from: sum.from,
    to: sum.to,
    cseq: sum.cseq,
    viaBranch: sum.viaBranch,
    userAgent: sum.userAgent,
    contentType: sum.contentType,
    contentLength: sum.contentLength,
    body: frameBody(sum.contentLength, b, terminated ? at : b.length, p),
    problems: p.list,
  };
  return { ok: true, message };
}

function appendValue(h: SipHeader, more: string, p: Problems): void {
  if (h.value.length >= SIP_LIMITS.maxHeaderValue) return;
  const joined = h.value === '' ? more : `${h.value} ${more}`;
  if (joined.length > SIP_LIMITS.maxHeaderValue) {
    p.add('HEADER_TOO_LONG', `The ${h.name} header is longer than ${SIP_LIMITS.maxHeaderValue} characters and was cut.`, h.name);
  }
  h.value = joined.slice(0, SIP_LIMITS.maxHeaderValue);
}

type Summary = Pick<SipMessage, 'callId' | 'from' | 'to' | 'cseq' | 'viaBranch' | 'userAgent' | 'contentType' | 'contentLength'>;

function summarise(start: StartLine, headers: SipHeader[], p: Problems): Summary {
  const byKey = new Map<string, SipHeader[]>();
  for (const h of headers) {
    const list = byKey.get(h.key);
    if (list) list.push(h);
    else byKey.set(h.key, [h]);
  }
  const first = (k: string) => byKey.get(k)?.[0]?.value;
  for (const k of REQUIRED) if (!byKey.has(k)) p.add('MISSING_HEADER', `The ${k} header is missing.`, k);
  for (const k of SINGLE) {
    const n = byKey.get(k)?.length ?? 0;
    if (n > 1) p.add('REPEATED_HEADER', `The ${k} header appears ${n} times; it may appear once. The first is shown.`, k);
  }
  const party = (k: 'from' | 'to'): SipParty | undefined => {
    const v = first(k);
    if (v === undefined) return undefined;
    const { party, problem } = parseNameAddr(v);
    if (problem) p.add('ADDRESS', `In the ${k} header, ${problem}.`, k);
    return party;
  };
  const from = party('from');
  const to = party('to');

  let cseq: Summary['cseq'];
  const cseqText = first('cseq');
  if (cseqText !== undefined) {
    const parsed = parseCSeq(cseqText);
    cseq = parsed.seq === undefined ? { method: parsed.method } : { seq: parsed.seq, method: parsed.method };
    if (parsed.problem) p.add('CSEQ', `In the CSeq header, ${parsed.problem}.`, 'cseq');
    if (start.kind === 'request' && parsed.method !== undefined && parsed.method !== start.method) {
      p.add('CSEQ_METHOD', `The CSeq method ${parsed.method} differs from the request method ${start.method ?? ''}.`, 'cseq');
    }
  }
  const via = first('via');

  let contentLength: number | undefined;
  const lengths = byKey.get('content-length') ?? [];
  if (lengths.some((h) => h.value !== lengths[0]!.value)) {
    p.add('CONTENT_LENGTH_CONFLICT', 'The message has Content-Length headers with different values.', 'content-length');
  } else if (lengths.length > 0) {
    const text = lengths[0]!.value;
    if (/^[0-9]{1,9}$/.test(text)) contentLength = Number(text);
    else p.add('CONTENT_LENGTH', `The Content-Length "${text.slice(0, 20)}" is not a number.`, 'content-length');
  }
  return {
    callId: first('call-id'),
    from,
    to,
    cseq,
    viaBranch: via === undefined ? undefined : topViaBranch(via),
    userAgent: first('user-agent') ?? (start.kind === 'response' ? first('server') : undefined),
    contentType: first('content-type'),
    contentLength,
  };
}

function frameBody(contentLength: number | undefined, b: Uint8Array, bodyStart: number, p: Problems): Uint8Array {
  const available = b.length - bodyStart;
  if (contentLength === undefined) return b.subarray(bodyStart);
  if (contentLength > available) {
    p.add('BODY_TRUNCATED', `Content-Length says ${contentLength} bytes, but only ${available} follow the headers.`, 'content-length');
    return b.subarray(bodyStart);
  }
  if (contentLength < available) {
    p.add('TRAILING_BYTES', `${available - contentLength} bytes follow the body that Content-Length announces; they are not part of the message.`);
  }
  return b.subarray(bodyStart, bodyStart + contentLength);
}
