// sipp scenarios generated per test: digest authentication with 401 or 407, a call held long
// enough to inspect rtpengine, and SDP checks (sipp's <ereg check_it>) that fail the call when
// the media address was not rewritten. ACK/BYE follow the Record-Route set (see uac_call.xml).

const HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n';

const sdp = `v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000`;

const from = 'From: "caller" <sip:5550100@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]';

function invite(cseq: number, extra = ''): string {
  return `  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${from}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70${extra ? `\n      ${extra}` : ''}
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp}
    ]]>
  </send>
`;
}

function hopAck(cseq: number): string {
  return `  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
`;
}

/** Regexps (sipp ereg syntax) that an SDP must match. */
export interface MediaCheck {
  connection: string;
  port: string;
}

/** A <recv>; with `m`, the message body must match both regexps or sipp fails the call. */
function recv(attrs: string, m?: MediaCheck): string {
  if (!m) return `  <recv ${attrs}/>\n`;
  return `  <recv ${attrs}>
    <action>
      <ereg regexp="${m.connection}" search_in="body" check_it="true" assign_to="c"/>
      <ereg regexp="${m.port}" search_in="body" check_it="true" assign_to="p"/>
    </action>
  </recv>
  <Reference variables="c,p"/>
`;
}

function answeredTail(cseq: number, holdMs: number, media?: MediaCheck): string {
  return `  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
${recv('response="200" rrs="true"', media)}  <send>
    <![CDATA[
      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <pause milliseconds="${holdMs}"/>
  <send retrans="500">
    <![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      ${from}
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq + 1} BYE
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>
`;
}

/**
 * A caller; with `auth`, it expects that challenge first and answers it (-au / -ap). With
 * `rechallenges`, it expects that many further challenges (a wrong -ap) and answers each again.
 */
export function uacXml(o: { auth?: 401 | 407; rechallenges?: number; expect: 'answer' | 401 | 403 | 404 | 480; holdMs?: number; media?: MediaCheck }): string {
  let body = '';
  let cseq = 1;
  if (o.auth) {
    body += invite(1);
    body += `  <recv response="100" optional="true"/>\n  <recv response="${o.auth}" auth="true"/>\n`;
    body += hopAck(1);
    cseq = 2;
    // sipp writes Authorization or Proxy-Authorization, matching the challenge it received.
    body += invite(2, '[authentication]');
    for (let i = 0; i < (o.rechallenges ?? 0); i++) {
      body += `  <recv response="100" optional="true"/>\n  <recv response="${o.auth}" auth="true"/>\n`;
      body += hopAck(cseq);
      cseq += 1;
      body += invite(cseq, '[authentication]');
    }
  } else {
    body += invite(1);
  }
  if (o.expect === 'answer') body += answeredTail(cseq, o.holdMs ?? 100, o.media);
  else body += `  <recv response="100" optional="true"/>\n  <recv response="${o.expect}"/>\n${hopAck(cseq)}`;
  return `${HEAD}<scenario name="switchdeck generated uac">\n${body}</scenario>\n`;
}

/** A callee that answers with SDP after checking the offer it received. */
export function uasXml(media?: MediaCheck): string {
  return `${HEAD}<scenario name="switchdeck generated uas">
${recv('request="INVITE" crlf="true"', media)}  <send>
    <![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      [last_Record-Route:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
    ]]>
  </send>
  <pause milliseconds="20"/>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      [last_Record-Route:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp}
    ]]>
  </send>
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
    ]]>
  </send>
</scenario>
`;
}

/** A caller that hangs up while the callee rings: CANCEL after the 180, then the 487 is ACKed. */
export function uacCancelXml(ringMs: number): string {
  return `${HEAD}<scenario name="switchdeck generated uac cancel">
${invite(1)}  <recv response="100" optional="true"/>
  <recv response="180"/>
  <pause milliseconds="${ringMs}"/>
  <send>
    <![CDATA[
      CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      ${from}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 CANCEL
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" optional="true"/>
  <recv response="487"/>
${hopAck(1)}</scenario>
`;
}

/** A caller whose call is ended by the far side or the switch: after the ACK it waits for a BYE and answers it. */
export function uacAwaitByeXml(): string {
  const answered = answeredTail(1, 0).split('  <pause')[0]!;
  return `${HEAD}<scenario name="switchdeck generated uac awaiting bye">
${invite(1)}${answered}  <recv request="BYE"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:5550100@[local_ip]:[local_port]>
      Content-Length: 0
    ]]>
  </send>
</scenario>
`;
}

/**
 * A caller that accepts either outcome: answered (held `holdMs`, then BYE) or refused with
 * `refused` (ACKed). sipp counts both as successful calls; the test tells them apart on the wire.
 */
export function uacAnsweredOrRefusedXml(refused: number, holdMs: number): string {
  const tail = answeredTail(1, holdMs).replace('<recv response="200" crlf="true"/>', '<recv response="200" crlf="true" next="done"/>');
  const [pre, post] = tail.split('<recv response="200" rrs="true"/>') as [string, string];
  return `${HEAD}<scenario name="switchdeck generated uac, answered or ${refused}">
${invite(1)}${pre}<recv response="${refused}" optional="true" next="refused"/>
  <recv response="200" rrs="true"/>${post}  <label id="refused"/>
${hopAck(1)}  <label id="done"/>
</scenario>
`;
}
