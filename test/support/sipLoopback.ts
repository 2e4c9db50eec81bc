// Public SIP corpora carry addresses of other machines (RFC 4475 uses 192.0.2.x and example.com
// names): replayed unchanged, the engine would address its replies there. These pure functions
// point every address a SIP element may send to at loopback first, and find any that remain.
// Messages are `latin1` strings so that binary bodies survive byte for byte.

export interface Endpoint { readonly host: string; readonly port: number }

export interface LoopbackPlan {
  /** Where the test sends from and listens: Via, Contact, From, Route and Record-Route point here. */
  readonly source: Endpoint;
  /** The engine under test: the request URI and To point here. */
  readonly engine: Endpoint;
}

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d])/g;
const IPV6_BRACKETED = /\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]/g;
const SDP_IP6 = /\bIN(\s+)IP6(\s+)[0-9A-Fa-f:.]+/g;
/** A SIP or SIPS URI's host (and port): scheme, optional userinfo, host, optional :port. */
const SIP_URI = /(sips?:)((?:[^@\s<>;,?"]*@)?)(\[[^\]]*\]|[^\s;,:>?"]+)(:\d*)?/gi;
/** A Via's sent-by after the protocol, which may be spread over folded lines. */
const VIA_SENT_BY = /(SIP\s*\/\s*2\.0\s*\/\s*[^\s;,/]+\s+)(\[[^\]]*\]|[^\s;,:]+)(\s*:\s*\d+)?/gi;
const VIA_ADDRESS_PARAM = /(;\s*(?:received|maddr)\s*=\s*)(\[[^\]]*\]|[^\s;,]+)/gi;

const TOWARDS_SOURCE = new Set(['via', 'v', 'contact', 'm', 'from', 'f', 'route', 'record-route', 'reply-to']);
const TOWARDS_ENGINE = new Set(['to', 't']);

interface Parts { head: string; sep: string; body: string }

function split(message: string): Parts {
  const m = /\r?\n\r?\n/.exec(message);
  if (!m) return { head: message, sep: '', body: '' };
  return { head: message.slice(0, m.index), sep: m[0], body: message.slice(m.index + m[0].length) };
}

/** The start line, then one entry per header with its folded continuation lines. */
function logicalLines(head: string): string[] {
  const out: string[] = [];
  for (const line of head.split(/(?<=\n)/)) {
    if (out.length > 1 && /^[ \t]/.test(line)) out[out.length - 1] += line;
    else out.push(line);
  }
  return out;
}

function headerName(line: string): string | undefined {
  return /^([A-Za-z0-9!%'*+\-.^_`|~]+)\s*:/.exec(line)?.[1]?.toLowerCase();
}

/** A request line's parts; the URI may hold spaces (RFC 4475 lwsruri), so it runs up to " SIP/". */
function requestLine(start: string): { method: string; uri: string; version: string } | undefined {
  if (/^SIP\s*\//i.test(start)) return undefined;
  const m = /^(\S+[ \t]+)(.*?)([ \t]+SIP[ \t]*\/[^\r\n]*(?:\r?\n)?)$/s.exec(start);
  return m ? { method: m[1] ?? '', uri: m[2] ?? '', version: m[3] ?? '' } : undefined;
}

const isLoopbackV4 = (a: string) => a.startsWith('127.');

function rewriteUris(text: string, to: Endpoint, withPort: boolean): string {
  return text.replace(SIP_URI, (_all, scheme: string, user: string) => `${scheme}${user}${to.host}${withPort ? `:${to.port}` : ''}`);
}

function rewriteHeader(line: string, plan: LoopbackPlan): string {
  const name = headerName(line);
  if (name === 'via' || name === 'v') {
    return line
      .replace(VIA_SENT_BY, (_all, proto: string) => `${proto}${plan.source.host}:${plan.source.port}`)
      .replace(VIA_ADDRESS_PARAM, (_all, param: string) => `${param}${plan.source.host}`);
  }
  if (name && TOWARDS_SOURCE.has(name)) return rewriteUris(line, plan.source, true);
  if (name && TOWARDS_ENGINE.has(name)) return rewriteUris(line, plan.engine, false);
  return line;
}

/** Rewrites what is left anywhere (SDP, Warning, odd headers): IPv4 and IPv6 literals to the source. */
function rewriteLiterals(text: string, plan: LoopbackPlan): string {
  return text
    .replace(IPV4, (a) => (isLoopbackV4(a) ? a : plan.source.host))
    .replace(IPV6_BRACKETED, () => plan.source.host)
    .replace(SDP_IP6, (_all, s1: string, s2: string) => `IN${s1}IP4${s2}${plan.source.host}`);
}

/** Content-Length that was right before stays right; a deliberately wrong one stays as it was. */
function fixContentLength(head: string, before: number, after: number): string {
  if (before === after) return head;
  return head.replace(/^((?:Content-Length|l)[ \t]*:[ \t]*)(\d+)/gim, (all, name: string, value: string) =>
    Number(value) === before ? `${name}${after}` : all,
  );
}

/**
 * Points a SIP message at loopback: the request URI and To at the engine, Via sent-by (and its
 * received/maddr), Contact, From, Route, Record-Route and Reply-To at the source, then every other
 * IPv4/IPv6 literal (SDP included) at the source. Everything else is kept byte for byte.
 */
export function rewriteToLoopback(message: string, plan: LoopbackPlan): string {
  const { head, sep, body } = split(message);
  const [start = '', ...headers] = logicalLines(head);
  const line = requestLine(start);
  const newStart = line ? `${line.method}${rewriteUris(line.uri, plan.engine, true)}${line.version}` : start;
  const newHead = rewriteLiterals([newStart, ...headers.map((h) => rewriteHeader(h, plan))].join(''), plan);
  const newBody = rewriteLiterals(body, plan);
  const bytes = (s: string) => s.length; // latin1: one character per byte
  return fixContentLength(newHead, bytes(body), bytes(newBody)) + sep + newBody;
}

/**
 * Every address in a message that is not loopback: IPv4 literals outside 127/8, bracketed IPv6
 * literals, and any host of the request URI, Via, Contact, From, To, Route, Record-Route or
 * Reply-To that is not a 127/8 literal. Empty means the engine has nowhere else to reply to.
 */
export function offMachineAddresses(message: string): string[] {
  const found = new Set<string>();
  for (const m of message.matchAll(IPV4)) if (!isLoopbackV4(m[0])) found.add(m[0]);
  for (const m of message.matchAll(IPV6_BRACKETED)) found.add(m[0]);
  for (const m of message.matchAll(SDP_IP6)) found.add(m[0]);
  const [start = '', ...headers] = logicalLines(split(message).head);
  const hostsIn = (text: string, re: RegExp, group: number) => {
    for (const m of text.matchAll(re)) {
      const host = m[group] ?? '';
      if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) found.add(host);
    }
  };
  hostsIn(requestLine(start)?.uri ?? '', SIP_URI, 3);
  for (const h of headers) {
    const name = headerName(h);
    if (name === 'via' || name === 'v') {
      hostsIn(h, VIA_SENT_BY, 2);
      hostsIn(h, VIA_ADDRESS_PARAM, 2);
    } else if (name && (TOWARDS_SOURCE.has(name) || TOWARDS_ENGINE.has(name))) hostsIn(h, SIP_URI, 3);
  }
  return [...found];
}
