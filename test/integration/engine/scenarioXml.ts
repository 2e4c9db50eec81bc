// sipp scenarios generated per test: digest authentication with 401 or 407, a call held long
// enough to inspect rtpengine, and SDP checks (sipp's <ereg check_it>) that fail the call when
// the media address was not rewritten. ACK/BYE follow the Record-Route set (see uac_call.xml).
import { fromCaller, hopAck, inDialog, invite, pause, provisionals, recv, reply, scenario, sdp, send, type Check } from './sippXml';

const OFFER = sdp({ origin: 'user1 53655765 2353687637' });
const FROM = fromCaller('SIPpTag00');
const USER = '5550100';

/** Regexps (sipp ereg syntax) that an SDP must match. */
export interface MediaCheck {
  connection: string;
  port: string;
}

const mediaChecks = (m?: MediaCheck): Check[] => (m ? [{ regexp: m.connection, assignTo: 'c' }, { regexp: m.port, assignTo: 'p' }] : []);

const offer = (cseq: number, authenticated = false) => invite({ from: FROM, cseq, headers: authenticated ? ['[authentication]'] : [], body: OFFER });
/** The challenge (401 or 407) to the INVITE of `cseq`, ACKed, and the INVITE again with credentials (-au / -ap). */
const challenged = (auth: 401 | 407, cseq: number) =>
  `${provisionals([100])}${recv(`response="${auth}" auth="true"`)}${hopAck(FROM, cseq)}${offer(cseq + 1, true)}`;
/** Refused with `code` (after an optional 100), ACKed. */
const refused = (code: number, cseq: number) => `${provisionals([100])}${recv(`response="${code}"`)}${hopAck(FROM, cseq)}`;
/** Answered (the 200's SDP checked against `media`), ACKed along the route set. */
const answered = (cseq: number, media?: MediaCheck) =>
  `${provisionals([100, 180, 183])}${recv('response="200" rrs="true"', mediaChecks(media))}${inDialog(FROM, USER, 'ACK', cseq)}`;
/** Holds the call `holdMs`, then hangs up. */
const hangUp = (cseq: number, holdMs: number, next = '') =>
  `${pause(holdMs)}${inDialog(FROM, USER, 'BYE', cseq + 1)}${recv(`response="200" crlf="true"${next}`)}`;

/**
 * A caller; with `auth`, it expects that challenge first and answers it (-au / -ap). With
 * `rechallenges`, it expects that many further challenges (a wrong -ap) and answers each again.
 */
export function uacXml(o: { auth?: 401 | 407; rechallenges?: number; expect: 'answer' | 401 | 403 | 404 | 480 | 503; holdMs?: number; media?: MediaCheck }): string {
  let body = offer(1);
  let cseq = 1;
  // sipp writes Authorization or Proxy-Authorization, matching the challenge it received.
  for (let i = 0; o.auth && i < 1 + (o.rechallenges ?? 0); i++) body += challenged(o.auth, cseq++);
  if (o.expect === 'answer') body += answered(cseq, o.media) + hangUp(cseq, o.holdMs ?? 100);
  else body += refused(o.expect, cseq);
  return scenario('switchdeck generated uac', body);
}

/** A callee that answers with SDP after checking the offer it received. */
export function uasXml(media?: MediaCheck): string {
  return scenario('switchdeck generated uas', recv('request="INVITE" crlf="true"', mediaChecks(media))
    + reply(180, { toTag: 'SIPpTag01', rr: true })
    + pause(20)
    + reply(200, { toTag: 'SIPpTag01', rr: true, body: OFFER, retrans: true })
    + recv('request="ACK" crlf="true"')
    + recv('request="BYE"')
    + reply(200));
}

/** A caller that hangs up while the callee rings: CANCEL after the 180, then the 487 is ACKed. */
export function uacCancelXml(ringMs: number): string {
  const cancel = send([
    'CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
    '[last_Via:]',
    FROM,
    'To: <sip:[service]@[remote_ip]:[remote_port]>',
    'Call-ID: [call_id]',
    'CSeq: 1 CANCEL',
    'Max-Forwards: 70',
    'Content-Length: 0',
  ]);
  return scenario('switchdeck generated uac cancel', offer(1) + provisionals([100]) + recv('response="180"') + pause(ringMs)
    + cancel + provisionals([200]) + recv('response="487"') + hopAck(FROM, 1));
}

/** A caller whose call is ended by the far side or the switch: after the ACK it waits for a BYE and answers it. */
export function uacAwaitByeXml(): string {
  return scenario('switchdeck generated uac awaiting bye', offer(1) + answered(1)
    + recv('request="BYE"') + reply(200, { contact: `<sip:${USER}@[local_ip]:[local_port]>` }));
}

/**
 * A caller that accepts either outcome: answered (held `holdMs`, then BYE) or refused with
 * `refused` (ACKed). sipp counts both as successful calls; the test tells them apart on the wire.
 * With `auth`, it expects that challenge first and answers it (-au / -ap).
 */
export function uacAnsweredOrRefusedXml(refusedWith: number, holdMs: number, auth?: 401 | 407): string {
  const cseq = auth ? 2 : 1;
  return scenario(`switchdeck generated uac, answered or ${refusedWith}`, offer(1) + (auth ? challenged(auth, 1) : '')
    + provisionals([100, 180, 183]) + recv(`response="${refusedWith}" optional="true" next="refused"`)
    + recv('response="200" rrs="true"') + inDialog(FROM, USER, 'ACK', cseq) + hangUp(cseq, holdMs, ' next="done"')
    + '  <label id="refused"/>\n' + hopAck(FROM, cseq) + '  <label id="done"/>\n');
}
