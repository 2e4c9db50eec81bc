// A SIP device "behind NAT" for the NAT tests: its socket is on loopback (the NAT's public side, as
// the switch sees it), while its Via, Contact and SDP name a private address, as a phone behind a
// NAT writes them. It registers with digest credentials, records every non-SIP datagram that
// reaches its socket (the switch's keep-alives) with time and sender, and can place one call with
// SDP and RTP on a second socket. `private: false` writes its real address (a device not behind NAT).
import { randomBytes } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import { digestLine, parseChallenge } from './digestUa';
import { bindUdp } from './rtpPort';
import { SipInbox, allHeaders, audioSdp, header, mediaOf, registerRequest, replyTo, sipText } from './sipDevice';

export interface KeepAlive { text: string; at: number; from: string }
export interface SipMessage { text: string; code?: number; method?: string }

export class NatDevice {
  readonly keepAlives: KeepAlive[] = [];
  private readonly sip = new SipInbox<SipMessage>();
  private readonly tag = randomBytes(4).toString('hex');
  private calls = 0;
  private registers = 0;
  /** The address the device writes into its headers. */
  readonly shownHost: string;
  readonly shownPort: number;

  private constructor(private readonly sock: Socket, readonly ip: string, readonly port: number, private readonly to: { host: string; port: number }, readonly user: string, privateHost: string | null) {
    this.shownHost = privateHost ?? ip;
    this.shownPort = privateHost ? 5060 : port;
    sock.on('message', (m: Buffer, r: RemoteInfo) => {
      const text = m.toString('latin1');
      if (/^(SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0)/.test(text)) {
        const code = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
        this.sip.push({ text, ...(code ? { code: Number(code) } : { method: text.split(' ')[0] }) });
      } else {
        this.keepAlives.push({ text, at: Date.now(), from: `${r.address}:${r.port}` });
      }
    });
  }

  /** `privateHost` null: a device not behind NAT (its headers name its real socket). */
  static async open(ip: string, to: { host: string; port: number }, user: string, privateHost: string | null): Promise<NatDevice> {
    const s = await bindUdp(ip);
    return new NatDevice(s, ip, s.address().port, to, user, privateHost);
  }

  close(): void {
    this.sock.close();
  }

  private send(text: string): void {
    this.sock.send(text, this.to.port, this.to.host);
  }

  /** The next SIP message matching `pick` (earlier ones are dropped), or undefined after `ms`. */
  next(pick: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage | undefined> {
    return this.sip.next(pick, ms);
  }

  private get contact() {
    return `<sip:${this.user}@${this.shownHost}:${this.shownPort}>`;
  }

  private via(branch: string) {
    return `Via: SIP/2.0/UDP ${this.shownHost}:${this.shownPort};branch=z9hG4bK${branch};rport`;
  }

  /**
   * Sends `text` until a final reply comes, resent after 0.5, 1, 2, 4, 4… s as a UA resends over
   * UDP (RFC 3261 timer E): on a loaded machine a request or its reply can be lost or late. The
   * resends carry the same branch, so the switch treats them as one request.
   */
  private async transact(text: string, branch: string, ms = 16_000): Promise<SipMessage | undefined> {
    const deadline = Date.now() + ms;
    // Only this request's replies: a late reply to an earlier request must not be taken for one.
    const mine = (m: SipMessage) => m.code !== undefined && m.code >= 200 && m.text.includes(`branch=z9hG4bK${branch}`);
    for (let gap = 500; Date.now() < deadline; gap = Math.min(gap * 2, 4000)) {
      this.send(text);
      const r = await this.next(mine, Math.min(gap, deadline - Date.now()));
      if (r) return r;
    }
    return undefined;
  }

  /** REGISTER with `expires`, answering one digest challenge. Returns the expires the 200 gives this device's Contact. */
  async register(password: string, expires: number): Promise<number> {
    const uri = `sip:${this.to.host}:${this.to.port}`;
    const n = ++this.registers;
    const branch = (cseq: number) => `${this.tag}r${n}x${cseq}`;
    const req = (cseq: number, auth?: string) => registerRequest({
      uri, host: this.to.host, user: this.user, via: this.via(branch(cseq)), tag: this.tag, callId: `reg-${this.tag}@${this.shownHost}`, cseq,
      contact: this.contact, expires, auth,
    });
    const challenge = await this.transact(req(1), branch(1));
    const c = challenge && parseChallenge(challenge.text);
    if (!c) throw new Error(`${this.user}: no challenge to REGISTER (got ${challenge?.text.split('\r\n')[0] ?? 'nothing'})`);
    const ok = await this.transact(req(2, digestLine(c, this.user, password, 'REGISTER', uri)), branch(2));
    if (ok?.code !== 200) throw new Error(`${this.user}: REGISTER got ${ok?.text.split('\r\n')[0] ?? 'nothing'}`);
    if (expires === 0) return 0;
    // The 200 lists every binding of the account (another device's, or an earlier try's): this one's.
    const own = this.contact.slice(1, -1);
    const contacts = allHeaders(ok.text, 'Contact').flatMap((h) => h.split(/,\s*(?=<)/));
    const granted = contacts.filter((h) => h.includes(`<${own}>`)).map((h) => /;expires=(\d+)/.exec(h)?.[1]).find((x) => x !== undefined);
    if (granted === undefined) throw new Error(`${this.user}: 200 without an expires for ${own}:\n${ok.text}`);
    return Number(granted);
  }

  /**
   * One call to `callee`: INVITE with SDP naming the private address and `mediaPort`, digest
   * answered, ACK along the Record-Route set. Returns the media address the switch answered and
   * a BYE function.
   */
  async call(callee: string, password: string, mediaPort: number): Promise<{ media: { host: string; port: number }; bye(): Promise<number | undefined> }> {
    const n = ++this.calls;
    const callId = `call-${this.tag}-${n}@${this.shownHost}`;
    const uri = `sip:${callee}@${this.to.host}:${this.to.port}`;
    const from = `<sip:${this.user}@${this.to.host}>;tag=${this.tag}c${n}`;
    const sdp = audioSdp(this.shownHost, mediaPort);
    const invite = (cseq: number, auth?: string) => sipText([
      `INVITE ${uri} SIP/2.0`, this.via(`${this.tag}i${n}x${cseq}`), `From: ${from}`, `To: <${uri}>`, `Call-ID: ${callId}`, `CSeq: ${cseq} INVITE`,
      `Contact: ${this.contact}`, 'Max-Forwards: 70', ...(auth ? [auth] : []),
      'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp]);
    const ackFor = (reply: string, cseq: number, ruri: string, routes: string[], branch: string) => sipText([
      `ACK ${ruri} SIP/2.0`, this.via(branch), `From: ${from}`, `To: ${header(reply, 'To')}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ACK`,
      ...routes.map((r) => `Route: ${r}`), 'Max-Forwards: 70', 'Content-Length: 0', '', '']);
    this.send(invite(1));
    const ch = await this.next((m) => m.code !== undefined && m.code >= 200);
    const c = ch && parseChallenge(ch.text);
    if (!ch || !c) throw new Error(`${this.user}: INVITE was not challenged (got ${ch?.text.split('\r\n')[0] ?? 'nothing'})`);
    this.send(ackFor(ch.text, 1, uri, [], `${this.tag}i${n}x1`));
    this.send(invite(2, digestLine(c, this.user, password, 'INVITE', uri)));
    const ok = await this.next((m) => m.code !== undefined && m.code >= 200, 8000);
    if (ok?.code !== 200) throw new Error(`${this.user}: INVITE got ${ok?.text.split('\r\n')[0] ?? 'nothing'}`);
    // UAC route set: the Record-Route entries in reverse order; the remote target is the 200's Contact.
    const routes = allHeaders(ok.text, 'Record-Route').flatMap((h) => h.split(/,\s*(?=<)/)).reverse();
    const target = /<([^>]+)>/.exec(header(ok.text, 'Contact') ?? '')?.[1] ?? uri;
    this.send(ackFor(ok.text, 2, target, routes, `${this.tag}a${n}`));
    const media = mediaOf(ok.text);
    if (!media) throw new Error(`${this.user}: 200 without SDP`);
    return {
      media,
      bye: async () => {
        this.send(sipText([`BYE ${target} SIP/2.0`, this.via(`${this.tag}b${n}`), `From: ${from}`, `To: ${header(ok.text, 'To')}`, `Call-ID: ${callId}`, 'CSeq: 3 BYE',
          ...routes.map((r) => `Route: ${r}`), 'Max-Forwards: 70', 'Content-Length: 0', '', '']));
        return (await this.next((m) => m.code !== undefined && m.code >= 200 && /CSeq: 3 BYE/i.test(m.text)))?.code;
      },
    };
  }

  /**
   * Answers the next INVITE (SDP naming the shown address and `mediaPort`) and returns the media
   * address the switch offered, and a function that waits for the BYE and answers it.
   */
  async answer(mediaPort: number, ms = 8000): Promise<{ media: { host: string; port: number }; byeReceived(): Promise<boolean> }> {
    const invite = await this.next((m) => m.method === 'INVITE', ms);
    if (!invite) throw new Error(`${this.user}: no INVITE reached the device`);
    const reply = (req: string, status: string, body?: string) => this.send(replyTo(req, status, { toTag: `${this.tag}a`, contact: this.contact, body }));
    reply(invite.text, '200 OK', audioSdp(this.shownHost, mediaPort));
    const media = mediaOf(invite.text);
    if (!media) throw new Error(`${this.user}: INVITE without SDP`);
    return {
      media,
      byeReceived: async () => {
        const bye = await this.next((m) => m.method === 'BYE', ms);
        if (bye) reply(bye.text, '200 OK');
        return bye !== undefined;
      },
    };
  }
}
