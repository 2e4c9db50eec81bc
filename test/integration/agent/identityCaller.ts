// A sipp caller with a chosen caller number, display name and extra headers (Privacy,
// P-Asserted-Identity…), for the identity and dial plan tests. Answered calls check that the 200
// the caller gets carries its own From back (the engine restores what it rewrote), then ACK and
// BYE along the Record-Route set.

import { hopAck, inDialog, invite, pause, provisionals, recv, scenario, sdp } from '../engine/sippXml';

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
  const request = (method: string, cseq: number) => inDialog(from, c.from, method, cseq);
  let body = invite({ from, user: c.from, headers: c.headers, body: sdp() }) + provisionals([100, 180, 183]);
  if (c.expect === 'answer') {
    // The From of the 200 must be the caller's own: the number it sent, not the rewritten one.
    body += recv('response="200" rrs="true"', [{ regexp: `sip:${escapeRe(c.from)}@`, header: 'From:', assignTo: 'f' }]) + request('ACK', 1) + pause(50);
    if (c.reinviteHeaders) {
      // A re-INVITE with the same offer and these header lines.
      body += inDialog(from, c.from, 'INVITE', 2, { headers: c.reinviteHeaders, body: sdp() }) + provisionals([100]) + recv('response="200"') + request('ACK', 2);
    }
    body += request('BYE', c.reinviteHeaders ? 3 : 2) + recv('response="200" crlf="true"');
  } else {
    body += recv(`response="${c.expect}"`) + hopAck(from, 1);
  }
  return scenario('switchdeck identity caller', body);
}
