// A sipp caller with a chosen caller number, display name and extra headers (Privacy,
// P-Asserted-Identity…), for the identity and dial plan tests. Answered calls check that the 200
// the caller gets carries its own From back (the engine restores what it rewrote), then ACK and
// BYE along the Record-Route set.

import { HEAD, SDP, inDialogRequestXml } from '../engine/gatewayXml';

export interface IdentityCall {
  /** Caller number (From user). */
  from: string;
  /** From display name; absent = none. */
  display?: string;
  /** Extra header lines of the INVITE, e.g. "Privacy: id". */
  headers?: string[];
  /** 'answer' (then BYE) or the final code expected. */
  expect: 'answer' | number;
  /** Answered calls: send a re-INVITE with these header lines before the BYE. */
  reinviteHeaders?: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function identityCallerXml(c: IdentityCall): string {
  // An empty number: a From without user part.
  const user = c.from === '' ? '' : `${c.from}@`;
  const from = `From: ${c.display === undefined ? '' : `"${c.display}" `}<sip:${user}[local_ip]:[local_port]>;tag=[pid]id[call_number]`;
  const extra = (c.headers ?? []).map((h) => `\n      ${h}`).join('');
  const invite = `  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${from}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:${c.from}@[local_ip]:[local_port]>
      Max-Forwards: 70${extra}
      ${SDP.replace('o=gw', 'o=caller')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
`;
  const inDialog = (method: string, cseq: number) => inDialogRequestXml(from, c.from, method, cseq);
  let tail: string;
  if (c.expect === 'answer') {
    // The From of the 200 must be the caller's own: the number it sent, not the rewritten one.
    tail = `  <recv response="200" rrs="true">
    <action>
      <ereg regexp="sip:${escapeRe(c.from)}@" search_in="hdr" header="From:" check_it="true" assign_to="f"/>
    </action>
  </recv>
  <Reference variables="f"/>
${inDialog('ACK', 1)}  <pause milliseconds="50"/>
${c.reinviteHeaders ? reinvite(from, c.from, c.reinviteHeaders) + inDialog('ACK', 2) : ''}${inDialog('BYE', c.reinviteHeaders ? 3 : 2)}  <recv response="200" crlf="true"/>
`;
  } else {
    tail = `  <recv response="${c.expect}"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
`;
  }
  return `${HEAD}<scenario name="switchdeck identity caller">\n${invite}${tail}</scenario>\n`;
}

/** A re-INVITE (CSeq 2, same offer) with extra header lines, and its 200. */
function reinvite(from: string, user: string, headers: string[]): string {
  return `  <send retrans="500">
    <![CDATA[
      INVITE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: 2 INVITE
      Contact: <sip:${user}@[local_ip]:[local_port]>
      Max-Forwards: 70${headers.map((h) => `\n      ${h}`).join('')}
      ${SDP.replace('o=gw', 'o=caller')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
`;
}
