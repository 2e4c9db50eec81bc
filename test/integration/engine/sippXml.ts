// The pieces generated sipp scenarios are made of: the <send> of a request or a reply, a <recv>
// whose checks fail the call (sipp's <ereg check_it>), and SDP bodies. The caller, callee and
// gateway scenarios (scenarioXml.ts, gatewayXml.ts, identityCaller.ts, the tests' own) put these
// together, so each scenario reads as the messages it sends and what it expects back.
// Bracketed words ([local_ip], [last_Via:], [len]…) are sipp keywords filled in per call.

export const HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n';

export function scenario(name: string, body: string): string {
  return `${HEAD}<scenario name="${name}">\n${body}</scenario>\n`;
}

/** One SIP message, given as its lines (an empty line before a body). `retrans`: resent every 500 ms until answered. */
export function send(lines: string[], o: { retrans?: boolean; attrs?: string } = {}): string {
  return `  <send${o.retrans ? ' retrans="500"' : ''}${o.attrs ?? ''}>
    <![CDATA[
${lines.map((l) => (l === '' ? '' : `      ${l}`)).join('\n')}
    ]]>
  </send>
`;
}

export const NO_BODY = ['Content-Length: 0'];

/**
 * An audio offer or answer (PCMU), with its Content-Type and Content-Length lines. By default it
 * names sipp's own media address and port; `address`/`port` name others; `extra`: attribute lines.
 */
export function sdp(o: { origin?: string; address?: string; port?: number; proto?: string; extra?: string[] } = {}): string[] {
  return [
    'Content-Type: application/sdp',
    'Content-Length: [len]',
    '',
    'v=0',
    `o=${o.origin ?? 'caller 1 1'} IN ${o.address ? `IP4 ${o.address}` : 'IP[local_ip_type] [local_ip]'}`,
    's=-',
    `c=IN ${o.address ? `IP4 ${o.address}` : 'IP[media_ip_type] [media_ip]'}`,
    't=0 0',
    `m=audio ${o.port ?? '[media_port]'} ${o.proto ?? 'RTP/AVP'} 0`,
    'a=rtpmap:0 PCMU/8000',
    ...(o.extra ?? []),
  ];
}

/** A From header of user 5550100 (the callers' default); `tag` tells the scenarios' dialogs apart. */
export const fromCaller = (tag: string) => `From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]${tag}[call_number]`;

/** A caller's INVITE to the -s service; `headers` go after Max-Forwards. */
export function invite(o: { from: string; user?: string; cseq?: number; headers?: string[]; body: string[] }): string {
  return send([
    'INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
    'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
    o.from,
    'To: <sip:[service]@[remote_ip]:[remote_port]>',
    'Call-ID: [call_id]',
    `CSeq: ${o.cseq ?? 1} INVITE`,
    `Contact: <sip:${o.user ?? '5550100'}@[local_ip]:[local_port]>`,
    'Max-Forwards: 70',
    ...(o.headers ?? []),
    ...o.body,
  ], { retrans: true });
}

/** The ACK of a final reply other than 2xx: hop by hop, in the INVITE's transaction. */
export function hopAck(from: string, cseq: number): string {
  return send([
    'ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
    '[last_Via:]',
    from,
    '[last_To:]',
    'Call-ID: [call_id]',
    `CSeq: ${cseq} ACK`,
    'Max-Forwards: 70',
    'Content-Length: 0',
  ]);
}

/**
 * A caller's in-dialog request (ACK, BYE, UPDATE, re-INVITE…) along the Record-Route set (the
 * answer's recv needs rrs="true"); every request but the ACK is resent until answered.
 */
export function inDialog(from: string, user: string, method: string, cseq: number, o: { headers?: string[]; body?: string[] } = {}): string {
  return send([
    `${method} [next_url] SIP/2.0`,
    'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
    '[routes]',
    from,
    '[last_To:]',
    'Call-ID: [call_id]',
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:${user}@[local_ip]:[local_port]>`,
    'Max-Forwards: 70',
    ...(o.headers ?? []),
    ...(o.body ?? NO_BODY),
  ], { retrans: method !== 'ACK' });
}

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 403: 'Forbidden', 404: 'Not Found',
  408: 'Request Timeout', 480: 'Temporarily Unavailable', 486: 'Busy Here', 487: 'Request Terminated',
  500: 'Server Internal Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 603: 'Decline',
};

/**
 * A reply to the request just received, echoing its Via, From, To, Call-ID and CSeq. `toTag`: the
 * dialog's To tag is added (a UAS's first reply); `rr`: the Record-Route set is echoed; `contact`:
 * false for none; `cseq`: a CSeq line of its own (a 487 to the INVITE after a CANCEL).
 */
export function reply(
  code: number,
  o: { toTag?: string; rr?: boolean; contact?: string | false; cseq?: string; body?: string[]; retrans?: boolean; attrs?: string } = {},
): string {
  return send([
    `SIP/2.0 ${code} ${REASONS[code] ?? 'Reply'}`,
    '[last_Via:]',
    '[last_From:]',
    `[last_To:]${o.toTag ? `;tag=[pid]${o.toTag}[call_number]` : ''}`,
    '[last_Call-ID:]',
    o.cseq ?? '[last_CSeq:]',
    ...(o.rr ? ['[last_Record-Route:]'] : []),
    ...(o.contact === false ? [] : [`Contact: ${o.contact ?? '<sip:[local_ip]:[local_port];transport=[transport]>'}`]),
    ...(o.body ?? NO_BODY),
  ], { retrans: o.retrans, attrs: o.attrs });
}

/** A regexp (sipp ereg syntax) that the message must match or sipp fails the call; its match goes to `assignTo`. */
export interface Check {
  regexp: string;
  assignTo: string;
  /** A header ("From:") to search instead of the body. */
  header?: string;
}

/** A <recv>; with `checks`, the message must match every regexp. */
export function recv(attrs: string, checks: Check[] = []): string {
  if (checks.length === 0) return `  <recv ${attrs}/>\n`;
  const eregs = checks.map((c) => `      <ereg regexp="${c.regexp}" search_in="${c.header ? `hdr" header="${c.header}` : 'body'}" check_it="true" assign_to="${c.assignTo}"/>\n`);
  // The Reference keeps sipp from refusing the scenario for variables it never reads.
  return `  <recv ${attrs}>
    <action>
${eregs.join('')}    </action>
  </recv>
  <Reference variables="${checks.map((c) => c.assignTo).join(',')}"/>
`;
}

/** <recv>s of the provisional replies a call may get before its final one. */
export const provisionals = (codes: number[]) => codes.map((c) => recv(`response="${c}" optional="true"`)).join('');

export const pause = (ms: number) => `  <pause milliseconds="${ms}"/>\n`;
