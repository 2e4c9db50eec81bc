// sipp routing-gateway (UAS) scenarios generated per test: a list of provisional replies with
// pauses, then a final reply code, an answer, silence, or waiting for the proxy's CANCEL.
// Media lines are sipp keywords: rtpengine sees a plausible SDP from the gateway.

export const HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n';
export const SDP = `Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=gw 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000`;

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 403: 'Forbidden', 404: 'Not Found',
  408: 'Request Timeout', 480: 'Temporarily Unavailable', 486: 'Busy Here', 487: 'Request Terminated',
  500: 'Server Internal Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 603: 'Decline',
};

function reply(code: number, opts: { sdp?: boolean; rr?: boolean; cseq?: 'INVITE' } = {}): string {
  const cseq = opts.cseq ? `CSeq: [cseq] ${opts.cseq}` : '[last_CSeq:]';
  return `  <send${code >= 200 && code < 300 ? ' retrans="500"' : ''}>
    <![CDATA[
      SIP/2.0 ${code} ${REASONS[code] ?? 'Reply'}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]gw[call_number]
      [last_Call-ID:]
      ${cseq}${opts.rr ? '\n      [last_Record-Route:]' : ''}
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      ${opts.sdp ? SDP : 'Content-Length: 0'}
    ]]>
  </send>
`;
}

export interface GatewayStep {
  /** A provisional reply (100, 180, 183); sdp adds an SDP body (early media). */
  code: 100 | 180 | 181 | 183;
  sdp?: boolean;
  /** Pause after sending it, ms. */
  pauseMs?: number;
}

export type GatewayEnd =
  | { final: number }
  /**
   * Answers (with SDP unless noSdp); byePauseMs delays its 200 to the BYE; reinvite: answers one
   * re-INVITE first (a number: that many, e.g. hold then unhold); updates: answers any number of UPDATEs (session refreshes) until the BYE.
   */
  | { answer: true; byePauseMs?: number; noSdp?: boolean; reinvite?: boolean | number; updates?: boolean }
  /** Never replies to the INVITE (the proxy's timer fires). */
  | { silent: true }
  /** Waits for the proxy's CANCEL, answers it and the INVITE (487). */
  | { cancel: true };

/**
 * A gateway that sends `steps` and then ends the INVITE as `end` says. Loops over calls.
 * `answerOptions`: an OPTIONS (a probe) gets 200 OK instead of being ignored.
 */
export function gatewayXml(steps: GatewayStep[], end: GatewayEnd, opts: { answerOptions?: boolean } = {}): string {
  let body = opts.answerOptions ? '  <recv request="OPTIONS" optional="true" next="options"/>\n' : '';
  body += '  <recv request="INVITE" crlf="true"/>\n';
  for (const s of steps) {
    body += reply(s.code, { sdp: s.sdp, rr: true });
    if (s.pauseMs) body += `  <pause milliseconds="${s.pauseMs}"/>\n`;
  }
  if ('final' in end) {
    body += reply(end.final);
    body += '  <recv request="ACK"/>\n';
  } else if ('answer' in end) {
    body += reply(200, { sdp: !end.noSdp, rr: true });
    body += '  <recv request="ACK" crlf="true"/>\n';
    const reinvites = end.reinvite === true ? 1 : end.reinvite || 0;
    for (let i = 0; i < reinvites; i++) body += '  <recv request="INVITE"/>\n' + reply(200, { sdp: true }) + '  <recv request="ACK"/>\n';
    // An UPDATE jumps to label 2, is answered (no resends: it is not an INVITE) and waits again.
    if (end.updates) body += '  <label id="1"/>\n  <recv request="UPDATE" optional="true" next="2"/>\n';
    body += '  <recv request="BYE"/>\n';
    if (end.byePauseMs) body += `  <pause milliseconds="${end.byePauseMs}"/>\n`;
    body += reply(200);
    if (end.updates) body += `  <nop next="9"/>\n  <label id="2"/>\n${reply(200).replace(' retrans="500"', ' next="1"')}  <label id="9"/>\n`;
  } else if ('cancel' in end) {
    body += '  <recv request="CANCEL"/>\n' + reply(200) + reply(487, { cseq: 'INVITE' }) + '  <recv request="ACK"/>\n';
  }
  // silent: the call ends here; retransmissions of the INVITE start new, equally silent calls.
  if (opts.answerOptions) body += '  <nop next="done"/>\n  <label id="options"/>\n' + reply(200) + '  <label id="done"/>\n';
  return `${HEAD}<scenario name="switchdeck generated gateway">\n${body}</scenario>\n`;
}

/** A caller that expects final `code` (after any provisional replies) and ACKs it hop by hop. */
export function callerExpectingXml(code: number): string {
  return `${HEAD}<scenario name="switchdeck caller expecting ${code}">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70
      ${SDP.replace('o=gw', 'o=caller')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="181" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="${code}"/>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
</scenario>
`;
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
 * A caller's in-dialog request (ACK, BYE, UPDATE…) along the Record-Route set; every request but
 * the ACK is resent until answered. `headers`: extra header lines, each starting with a newline.
 */
export function inDialogRequestXml(from: string, user: string, method: string, cseq: number, headers = ''): string {
  return `  <send${method === 'ACK' ? '' : ' retrans="500"'}>
    <![CDATA[
      ${method} [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      Contact: <sip:${user}@[local_ip]:[local_port]>
      Max-Forwards: 70${headers}
      Content-Length: 0
    ]]>
  </send>
`;
}

/**
 * A caller without media (no SDP, so no rtpengine ports: many calls can be up at once) that is
 * answered and then either waits (byeWithinMs, default 150 s) for the network's BYE, or hangs up itself after
 * `hangUpAfterMs` (and fails if a BYE arrives first). `sessionExpires` asks for RFC 4028 timers.
 */
export function heldCallerXml(
  o: { sessionExpires?: number; supportedTimerOnly?: boolean; refreshEveryMs?: number; hangUpAfterMs?: number; byeWithinMs?: number } = {},
): string {
  const from = 'From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]held[call_number]';
  const st = o.sessionExpires ? `\n      Supported: timer\n      Session-Expires: ${o.sessionExpires};refresher=uac` : o.supportedTimerOnly ? '\n      Supported: timer' : '';
  const inDialog = (method: string, cseq: number) =>
    inDialogRequestXml(from, '5550100', method, cseq, method === 'UPDATE' ? `\n      Session-Expires: ${o.sessionExpires};refresher=uac` : '');
  // Session refreshes (UPDATE) every refreshEveryMs until the caller hangs up.
  const refreshes = o.refreshEveryMs && o.hangUpAfterMs ? Math.floor((o.hangUpAfterMs - 1) / o.refreshEveryMs) : 0;
  let refreshing = '';
  for (let i = 0; i < refreshes; i++) refreshing += `  <pause milliseconds="${o.refreshEveryMs}"/>\n${inDialog('UPDATE', 2 + i)}  <recv response="200"/>\n`;
  const end = o.hangUpAfterMs
    ? `${refreshing}  <pause milliseconds="${o.hangUpAfterMs - refreshes * (o.refreshEveryMs ?? 0)}"/>\n${inDialog('BYE', 2 + refreshes)}  <recv response="200" crlf="true"/>\n`
    : `  <recv request="BYE" timeout="${o.byeWithinMs ?? 150_000}"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
`;
  return `${HEAD}<scenario name="switchdeck held caller">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${from}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70${st}
      Content-Length: 0
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rrs="true"/>
${inDialog('ACK', 1)}${end}</scenario>
`;
}

/**
 * A caller that is answered, then puts the call on hold (re-INVITE, a=sendonly) and takes it off
 * hold (a=sendrecv), and fails unless all three answers carry a connection address matching
 * `mediaRe` (sipp ereg check_it).
 */
export function holdingCallerXml(mediaRe: string): string {
  const from = 'From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]hold[call_number]';
  const sdp = (extra: string, version = extra ? 2 : 1) => `Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 1 ${version} IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000${extra ? `\n      ${extra}` : ''}`;
  const inDialog = (method: string, cseq: number, body = 'Content-Length: 0') => `  <send${method === 'ACK' ? '' : ' retrans="500"'}>
    <![CDATA[
      ${method} [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70
      ${body}
    ]]>
  </send>
`;
  const answer = (var_: string, rrs: boolean) => `  <recv response="200"${rrs ? ' rrs="true"' : ''}>
    <action>
      <ereg regexp="${mediaRe}" search_in="body" check_it="true" assign_to="${var_}"/>
    </action>
  </recv>
  <Reference variables="${var_}"/>
`;
  return `${HEAD}<scenario name="switchdeck holding caller">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${from}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70
      ${sdp('')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
${answer('first', true)}${inDialog('ACK', 1)}  <pause milliseconds="200"/>
${inDialog('INVITE', 2, sdp('a=sendonly'))}  <recv response="100" optional="true"/>
${answer('held', false)}${inDialog('ACK', 2)}  <pause milliseconds="200"/>
${inDialog('INVITE', 3, sdp('a=sendrecv', 3))}  <recv response="100" optional="true"/>
${answer('resumed', false)}${inDialog('ACK', 3)}  <pause milliseconds="200"/>
${inDialog('BYE', 4)}  <recv response="200" crlf="true"/>
</scenario>
`;
}
