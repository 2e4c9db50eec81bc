// sipp routing-gateway (UAS) scenarios generated per test: a list of provisional replies with
// pauses, then a final reply code, an answer, silence, or waiting for the proxy's CANCEL.
// Media lines are sipp keywords: rtpengine sees a plausible SDP from the gateway.
import { NO_BODY, fromCaller, hopAck, inDialog, invite, pause, provisionals, recv, reply, scenario, sdp, type Check } from './sippXml';

/** A reply of the gateway: every one carries the gateway's To tag; 2xx are resent until ACKed. */
function gwReply(code: number, o: { sdp?: boolean | string[]; rr?: boolean; cseq?: 'INVITE' } = {}): string {
  const body = o.sdp === true ? sdp({ origin: 'gw 1 1' }) : o.sdp || undefined;
  return reply(code, { toTag: 'gw', rr: o.rr, body, retrans: code >= 200 && code < 300, ...(o.cseq && { cseq: `CSeq: [cseq] ${o.cseq}` }) });
}

export interface GatewayStep {
  /** A provisional reply (100, 180, 183); sdp adds an SDP body (early media; a list: this one). */
  code: 100 | 180 | 181 | 183;
  sdp?: boolean | string[];
  /** Pause after sending it, ms. */
  pauseMs?: number;
}

export type GatewayEnd =
  | { final: number }
  /**
   * Answers (with SDP unless noSdp; `sdp`: this one, also in the answers to re-INVITEs); byePauseMs delays its 200 to the BYE; reinvite: answers one
   * re-INVITE first (a number: that many, e.g. hold then unhold); updates: answers any number of UPDATEs (session refreshes) until the BYE;
   * playPcap: once the ACK is in, sends this capture's RTP to the offered media address; ackOptional: the BYE may come without an ACK before it
   * (a caller that never ACKs).
   */
  | { answer: true; byePauseMs?: number; noSdp?: boolean; sdp?: string[]; reinvite?: boolean | number; updates?: boolean; playPcap?: string; ackOptional?: boolean }
  /** Never replies to the INVITE (the proxy's timer fires). */
  | { silent: true }
  /** Waits for the proxy's CANCEL, answers it and the INVITE (487). */
  | { cancel: true };

/**
 * A gateway that sends `steps` and then ends the INVITE as `end` says. Loops over calls.
 * `answerOptions`: an OPTIONS (a probe) gets 200 OK instead of being ignored.
 * `checkOffer`: the INVITE must match these or the call fails.
 */
export function gatewayXml(steps: GatewayStep[], end: GatewayEnd, opts: { answerOptions?: boolean; checkOffer?: Check[] } = {}): string {
  let body = opts.answerOptions ? recv('request="OPTIONS" optional="true" next="options"') : '';
  body += recv('request="INVITE" crlf="true"', opts.checkOffer);
  for (const s of steps) {
    body += gwReply(s.code, { sdp: s.sdp, rr: true });
    if (s.pauseMs) body += pause(s.pauseMs);
  }
  if ('final' in end) {
    body += gwReply(end.final) + recv('request="ACK"');
  } else if ('answer' in end) {
    body += gwReply(200, { sdp: end.sdp ?? !end.noSdp, rr: true }) + recv(`request="ACK" crlf="true"${end.ackOptional ? ' optional="true"' : ''}`);
    if (end.playPcap) body += `  <nop><action><exec play_pcap_audio="${end.playPcap}"/></action></nop>\n`;
    const reinvites = end.reinvite === true ? 1 : end.reinvite || 0;
    for (let i = 0; i < reinvites; i++) body += recv('request="INVITE"') + gwReply(200, { sdp: end.sdp ?? true }) + recv('request="ACK"');
    // An UPDATE jumps to label 2, is answered (no resends: it is not an INVITE) and waits again.
    if (end.updates) body += '  <label id="1"/>\n' + recv('request="UPDATE" optional="true" next="2"');
    body += recv('request="BYE"');
    if (end.byePauseMs) body += pause(end.byePauseMs);
    body += gwReply(200);
    if (end.updates) body += `  <nop next="9"/>\n  <label id="2"/>\n${reply(200, { toTag: 'gw', attrs: ' next="1"' })}  <label id="9"/>\n`;
  } else if ('cancel' in end) {
    body += recv('request="CANCEL"') + gwReply(200) + gwReply(487, { cseq: 'INVITE' }) + recv('request="ACK"');
  }
  // silent: the call ends here; retransmissions of the INVITE start new, equally silent calls.
  if (opts.answerOptions) body += '  <nop next="done"/>\n  <label id="options"/>\n' + gwReply(200) + '  <label id="done"/>\n';
  return scenario('switchdeck generated gateway', body);
}

/** A caller that expects final `code` (after any provisional replies) and ACKs it hop by hop. */
export function callerExpectingXml(code: number): string {
  const from = fromCaller('SIPpTag00');
  return scenario(`switchdeck caller expecting ${code}`, invite({ from, body: sdp() })
    + provisionals([100, 180, 181, 183]) + recv(`response="${code}"`) + hopAck(from, 1));
}

/**
 * Arrival times (ms, the log's local clock read as UTC: compare them with each other only) of the
 * `method` requests in a sipp -message_file log, with their Call-IDs, in log order.
 */
export function requestsInLog(text: string, method = 'INVITE'): { callId: string; at: number }[] {
  const out: { callId: string; at: number }[] = [];
  for (const block of text.split(/^-{20,} /m).slice(1)) {
    const m = new RegExp(`^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\n(?:UDP )?message received[^\\n]*\\n\\n(${method} [^\\n]*)`).exec(block);
    if (!m) continue;
    const callId = /^Call-ID:\s*(\S+)/im.exec(block)?.[1] ?? '';
    out.push({ callId, at: Date.parse(`${m[1]}T${m[2]!.slice(0, 12)}Z`) });
  }
  return out;
}

/**
 * A caller without media (no SDP, so no rtpengine ports: many calls can be up at once) that is
 * answered and then either waits (byeWithinMs, default 150 s) for the network's BYE, or hangs up itself after
 * `hangUpAfterMs` (and fails if a BYE arrives first). `sessionExpires` asks for RFC 4028 timers; `noAck`: it
 * never ACKs the answer.
 */
export function heldCallerXml(
  o: { sessionExpires?: number; supportedTimerOnly?: boolean; refreshEveryMs?: number; hangUpAfterMs?: number; byeWithinMs?: number; noAck?: boolean } = {},
): string {
  const from = fromCaller('held');
  const sessionExpires = `Session-Expires: ${o.sessionExpires};refresher=uac`;
  const timers = o.sessionExpires ? ['Supported: timer', sessionExpires] : o.supportedTimerOnly ? ['Supported: timer'] : [];
  const request = (method: string, cseq: number) => inDialog(from, '5550100', method, cseq, { headers: method === 'UPDATE' ? [sessionExpires] : [] });
  // Session refreshes (UPDATE) every refreshEveryMs until the caller hangs up.
  const refreshes = o.refreshEveryMs && o.hangUpAfterMs ? Math.floor((o.hangUpAfterMs - 1) / o.refreshEveryMs) : 0;
  let refreshing = '';
  for (let i = 0; i < refreshes; i++) refreshing += pause(o.refreshEveryMs!) + request('UPDATE', 2 + i) + recv('response="200"');
  const end = o.hangUpAfterMs
    ? refreshing + pause(o.hangUpAfterMs - refreshes * (o.refreshEveryMs ?? 0)) + request('BYE', 2 + refreshes) + recv('response="200" crlf="true"')
    : recv(`request="BYE" timeout="${o.byeWithinMs ?? 150_000}"`) + reply(200, { contact: false });
  return scenario('switchdeck held caller', invite({ from, headers: timers, body: NO_BODY })
    + provisionals([100, 180]) + recv('response="200" rrs="true"') + (o.noAck ? '' : request('ACK', 1)) + end);
}

/**
 * A caller that is answered, then puts the call on hold (re-INVITE, a=sendonly) and takes it off
 * hold (a=sendrecv), and fails unless all three answers carry a connection address matching
 * `mediaRe` (sipp ereg check_it).
 */
export function holdingCallerXml(mediaRe: string): string {
  const from = fromCaller('hold');
  const request = (method: string, cseq: number, body?: string[]) => inDialog(from, '5550100', method, cseq, { body });
  const answer = (name: string, rrs: boolean) => recv(`response="200"${rrs ? ' rrs="true"' : ''}`, [{ regexp: mediaRe, assignTo: name }]);
  return scenario('switchdeck holding caller', invite({ from, body: sdp() })
    + provisionals([100, 180]) + answer('first', true) + request('ACK', 1) + pause(200)
    + request('INVITE', 2, sdp({ origin: 'caller 1 2', extra: ['a=sendonly'] })) + provisionals([100]) + answer('held', false) + request('ACK', 2) + pause(200)
    + request('INVITE', 3, sdp({ origin: 'caller 1 3', extra: ['a=sendrecv'] })) + provisionals([100]) + answer('resumed', false) + request('ACK', 3) + pause(200)
    + request('BYE', 4) + recv('response="200" crlf="true"'));
}
