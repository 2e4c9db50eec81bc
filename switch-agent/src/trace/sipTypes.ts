// Types of the SIP message parser. A trace must show malformed messages, so the parser is
// liberal: it fails only when the bytes do not look like SIP at all, and otherwise returns the
// message with a list of typed problems.

export const SIP_LIMITS = {
  /** One UDP datagram / one HEP payload at most. */
  maxMessageBytes: 65_535,
  /** Headers kept per message; the rest are counted but not stored. */
  maxHeaders: 256,
  /** Characters kept per header value (folded lines included); longer values are cut. */
  maxHeaderValue: 8192,
  /** Characters kept of the start line. */
  maxStartLine: 8192,
} as const;

/** Why bytes are not a SIP message at all. */
export const SIP_ERROR_CODES = ['SIP_EMPTY', 'SIP_TOO_LARGE', 'SIP_NOT_SIP'] as const;
export type SipErrorCode = (typeof SIP_ERROR_CODES)[number];

/** What is wrong with a message that was still parsed. */
export const SIP_PROBLEM_CODES = [
  'START_LINE',
  'VERSION',
  'STATUS_CODE',
  'HEADER_LINE',
  'HEADER_TOO_LONG',
  'TOO_MANY_HEADERS',
  'HEADERS_UNTERMINATED',
  'MISSING_HEADER',
  'REPEATED_HEADER',
  'CONTENT_LENGTH',
  'CONTENT_LENGTH_CONFLICT',
  'BODY_TRUNCATED',
  'TRAILING_BYTES',
  'CSEQ',
  'CSEQ_METHOD',
  'ADDRESS',
] as const;
export type SipProblemCode = (typeof SIP_PROBLEM_CODES)[number];

export interface SipProblem {
  code: SipProblemCode;
  /** Plain English; names the header when there is one. */
  message: string;
  header?: string;
}

export interface SipHeader {
  /** As written (may be a compact form or oddly cased). */
  name: string;
  /** Lower-case long form: `v` → `via`, `Call-ID` → `call-id`. */
  key: string;
  /** Value with folded lines joined by one space, trimmed. */
  value: string;
}

export interface SipParty {
  display?: string;
  uri?: string;
  /** User part of the URI as written (not unescaped), or the number of a tel: URI. */
  user?: string;
  tag?: string;
}

export interface SipMessage {
  kind: 'request' | 'response';
  method?: string;
  requestUri?: string;
  ruriUser?: string;
  status?: number;
  reason?: string;
  version: string;
  headers: SipHeader[];
  callId?: string;
  from?: SipParty;
  to?: SipParty;
  cseq?: { seq?: number; method?: string };
  /** Branch of the topmost Via. */
  viaBranch?: string;
  /** User-Agent, or Server when a response has no User-Agent. */
  userAgent?: string;
  contentType?: string;
  /** Content-Length when it was a valid number. */
  contentLength?: number;
  body: Uint8Array;
  problems: SipProblem[];
}

export type SipResult = { ok: true; message: SipMessage } | { ok: false; error: { code: SipErrorCode; message: string } };
