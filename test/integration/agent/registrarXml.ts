// sipp registrar (UAS) scenarios for the switch's outbound registrations, and a reader of what
// reached them (sipp -trace_msg). `challenge`: 401 with a digest challenge, the answer checked
// with sipp's verifyauth (403 when wrong), then 200 granting `grantSec` in the Contact;
// `refuse`: every REGISTER gets that final code.
import { HEAD } from '../engine/sippXml';

const REASONS: Record<number, string> = { 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

function answer(code: number, extra = ''): string {
  return `  <send>
    <![CDATA[
      SIP/2.0 ${code} ${REASONS[code] ?? 'Reply'}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]reg[call_number]
      [last_Call-ID:]
      [last_CSeq:]${extra}
      Content-Length: 0
    ]]>
  </send>
`;
}

export type RegistrarMode = { challenge: { realm: string; user: string; password: string; grantSec: number } } | { refuse: 403 | 503 };

export function registrarXml(mode: RegistrarMode): string {
  if ('refuse' in mode) {
    return `${HEAD}<scenario name="registrar refusing ${mode.refuse}">
  <recv request="REGISTER"/>
${answer(mode.refuse)}</scenario>
`;
  }
  const c = mode.challenge;
  // A REGISTER with Expires: 0 has nothing to grant: its 200 carries no Contact.
  return `${HEAD}<scenario name="registrar with digest">
  <recv request="REGISTER"/>
${answer(401, `\n      WWW-Authenticate: Digest realm="${c.realm}", nonce="[pid][call_number]n", algorithm=MD5`)}  <recv request="REGISTER">
    <action>
      <verifyauth assign_to="authok" username="${c.user}" password="${c.password}"/>
      <ereg regexp="Expires: *0\\b" search_in="hdr" header="Expires:" assign_to="unreg"/>
    </action>
  </recv>
  <nop hide="true" test="authok" next="good"/>
${answer(403)}  <nop hide="true" next="end"/>
  <label id="good"/>
  <nop hide="true" test="unreg" next="bye"/>
${answer(200, '\n      [last_Contact:];expires=' + String(c.grantSec))}  <nop hide="true" next="end"/>
  <label id="bye"/>
${answer(200)}  <label id="end"/>
</scenario>
`;
}

export interface SeenRegister { at: number; callId: string; cseq: number; expires: number | null; contactUser: string | null; auth: boolean; authUser: string | null }

/** The REGISTERs in a sipp -trace_msg log, in arrival order. */
export function registersInLog(text: string): SeenRegister[] {
  const out: SeenRegister[] = [];
  for (const block of text.split(/^-{20,} /m).slice(1)) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)\n(?:UDP |TCP )?message received[^\n]*\n\n(REGISTER [^\n]*)/.exec(block);
    if (!m) continue;
    const header = (name: string) => new RegExp(`^${name}:\\s*([^\\r\\n]*)`, 'im').exec(block)?.[1] ?? null;
    const expires = header('Expires');
    const auth = header('Authorization');
    out.push({
      at: Date.parse(`${m[1]}T${m[2]!.slice(0, 12)}Z`),
      callId: header('Call-ID') ?? '',
      cseq: Number((header('CSeq') ?? '0').split(' ')[0]),
      expires: expires === null ? null : Number(expires),
      contactUser: /sip:([^@>;]+)@/.exec(header('Contact') ?? '')?.[1] ?? null,
      auth: auth !== null,
      authUser: auth ? (/username="([^"]*)"/.exec(auth)?.[1] ?? null) : null,
    });
  }
  return out;
}
