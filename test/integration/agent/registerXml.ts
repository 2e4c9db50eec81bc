// sipp REGISTER scenarios: one registration (or unregistration, expires 0) answering the digest
// challenge with sipp's [authentication] (-au / -ap). The Contact is sipp's own socket unless one
// is given (a contact on another address stands for a device behind NAT).

export interface RegisterXmlOptions {
  user: string;
  expires: number;
  userAgent: string;
  /** Contact URI; default sip:<user>@[local_ip]:[local_port]. */
  contact?: string;
  /** Stay (connected, over TCP) this long after the 200 before ending. */
  holdMs?: number;
}

export function registerXml(o: RegisterXmlOptions): string {
  const contact = o.contact ?? `sip:${o.user}@[local_ip]:[local_port]`;
  const request = (cseq: number, auth: boolean) => `  <send retrans="500">
    <![CDATA[

      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:${o.user}@[remote_ip]>;tag=[pid]reg[call_number]
      To: <sip:${o.user}@[remote_ip]>
      Call-ID: [call_id]
      CSeq: ${cseq} REGISTER
      Contact: <${contact}>
      Max-Forwards: 70
      User-Agent: ${o.userAgent}
      Expires: ${o.expires}
${auth ? '      [authentication]\n' : ''}      Content-Length: 0

    ]]>
  </send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register ${o.user} expires ${o.expires}">
${request(1, false)}
  <recv response="401" auth="true"/>
${request(2, true)}
  <recv response="200"/>
${o.holdMs ? `  <pause milliseconds="${o.holdMs}"/>\n` : ''}</scenario>
`;
}
