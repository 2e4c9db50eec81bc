// A SIP device "behind NAT" for the NAT tests: its socket is on loopback (the NAT's public side, as
// the switch sees it), while its Via, Contact and SDP name a private address, as a phone behind a
// NAT writes them. It registers with digest credentials, records every non-SIP datagram that
// reaches its socket (the switch's keep-alives) with time and sender, and can place one call with
// SDP and RTP on a second socket. `private: false` writes its real address (a device not behind NAT).
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { digestLine } from './digestUa';

export interface KeepAlive { text: string; at: number; from: string }
export interface SipMessage { text: string; code?: number; method?: string }

const header = (text: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'mi').exec(text)?.[1];
const allHeaders = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'gmi'))].map((m) => m[1]!);

function parseChallenge(text: string) {
  const m = /^(WWW|Proxy)-Authenticate:\s*Digest\s+(.*)$/im.exec(text);
  if (!m) return undefined;
  const p = new Map<string, string>();
  for (const x of m[2]!.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) p.set(x[1]!.toLowerCase(), x[2] ?? x[3] ?? '');
  return { header: m[1] === 'WWW' ? 'Authorization' as const : 'Proxy-Authorization' as const, realm: p.get('realm')!, nonce: p.get('nonce')!, qop: p.get('qop'), opaque: p.get('opaque') };
}

function bind(ip: string, port = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(port, ip, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

export class NatDevice {
  readonly keepAlives: KeepAlive[] = [];
  private readonly sip: SipMessage[] = [];
  private wake: (() => void) | undefined;
  private readonly tag = randomBytes(4).toString('hex');
  private calls = 0;
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
        this.wake?.();
      } else {
        this.keepAlives.push({ text, at: Date.now(), from: `${r.address}:${r.port}` });
      }
    });
  }

  /** `privateHost` null: a device not behind NAT (its headers name its real socket). */
  static async open(ip: string, to: { host: string; port: number }, user: string, privateHost: string | null): Promise<NatDevice> {
    const s = await bind(ip);
    return new NatDevice(s, ip, s.address().port, to, user, privateHost);
  }

  close(): void {
    this.sock.close();
  }

  private send(text: string): void {
    this.sock.send(text, this.to.port, this.to.host);
  }

  /** The next SIP message matching `pick` (earlier ones are dropped), or undefined after `ms`. */
  async next(pick: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.sip.findIndex(pick);
      if (i >= 0) return this.sip.splice(0, i + 1)[i];
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => { clearTimeout(t); r(); };
      });
      this.wake = undefined;
    }
  }

  private via(branch: string) {
    return `Via: SIP/2.0/UDP ${this.shownHost}:${this.shownPort};branch=z9hG4bK${branch};rport`;
  }

  /** REGISTER with `expires`, answering one digest challenge. Returns the 200's Contact expires. */
  async register(password: string, expires: number): Promise<number> {
    const callId = `reg-${this.tag}@${this.shownHost}`;
    const uri = `sip:${this.to.host}:${this.to.port}`;
    const aor = `sip:${this.user}@${this.to.host}`;
    const req = (cseq: number, auth?: string) => [
      `REGISTER ${uri} SIP/2.0`, this.via(`${this.tag}r${cseq}`), `From: <${aor}>;tag=${this.tag}`, `To: <${aor}>`,
      `Call-ID: ${callId}`, `CSeq: ${cseq} REGISTER`, `Contact: <sip:${this.user}@${this.shownHost}:${this.shownPort}>`,
      `Expires: ${expires}`, 'Max-Forwards: 70', ...(auth ? [auth] : []), 'Content-Length: 0', '', ''].join('\r\n');
    this.send(req(1));
    const challenge = await this.next((m) => m.code !== undefined && m.code >= 200);
    const c = challenge && parseChallenge(challenge.text);
    if (!c) throw new Error(`${this.user}: no challenge to REGISTER (got ${challenge?.text.split('\r\n')[0] ?? 'nothing'})`);
    this.send(req(2, digestLine(c, this.user, password, 'REGISTER', uri)));
    const ok = await this.next((m) => m.code !== undefined && m.code >= 200);
    if (ok?.code !== 200) throw new Error(`${this.user}: REGISTER got ${ok?.text.split('\r\n')[0] ?? 'nothing'}`);
    if (expires === 0) return 0;
    const granted = allHeaders(ok.text, 'Contact').map((h) => /;expires=(\d+)/.exec(h)?.[1]).find((x) => x !== undefined);
    if (granted === undefined) throw new Error(`${this.user}: 200 without a Contact expires:\n${ok.text}`);
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
    const sdp = ['v=0', `o=dev 1 1 IN IP4 ${this.shownHost}`, 's=-', `c=IN IP4 ${this.shownHost}`, 't=0 0', `m=audio ${mediaPort} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
    const invite = (cseq: number, auth?: string) => [
      `INVITE ${uri} SIP/2.0`, this.via(`${this.tag}i${n}x${cseq}`), `From: ${from}`, `To: <${uri}>`, `Call-ID: ${callId}`, `CSeq: ${cseq} INVITE`,
      `Contact: <sip:${this.user}@${this.shownHost}:${this.shownPort}>`, 'Max-Forwards: 70', ...(auth ? [auth] : []),
      'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
    const ackFor = (reply: string, cseq: number, ruri: string, routes: string[], branch: string) => [
      `ACK ${ruri} SIP/2.0`, this.via(branch), `From: ${from}`, `To: ${header(reply, 'To')}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ACK`,
      ...routes.map((r) => `Route: ${r}`), 'Max-Forwards: 70', 'Content-Length: 0', '', ''].join('\r\n');
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
    const host = /^c=IN IP4 (\S+)/m.exec(ok.text)?.[1];
    const port = /^m=audio (\d+)/m.exec(ok.text)?.[1];
    if (!host || !port) throw new Error(`${this.user}: 200 without SDP`);
    return {
      media: { host, port: Number(port) },
      bye: async () => {
        this.send([`BYE ${target} SIP/2.0`, this.via(`${this.tag}b${n}`), `From: ${from}`, `To: ${header(ok.text, 'To')}`, `Call-ID: ${callId}`, 'CSeq: 3 BYE',
          ...routes.map((r) => `Route: ${r}`), 'Max-Forwards: 70', 'Content-Length: 0', '', ''].join('\r\n'));
        return (await this.next((m) => m.code !== undefined && m.code >= 200 && /CSeq: 3 BYE/i.test(m.text)))?.code;
      },
    };
  }
}

/** A UDP socket that records RTP datagrams (payload after the 12-byte header) and sends marked ones. */
export class RtpPort {
  readonly received: { payload: Buffer; from: string; at: number }[] = [];
  private seq = 1;
  private constructor(private readonly sock: Socket, readonly port: number) {
    sock.on('message', (m, r) => this.received.push({ payload: m.subarray(12), from: `${r.address}:${r.port}`, at: Date.now() }));
  }

  static async open(ip: string): Promise<RtpPort> {
    const s = await bind(ip);
    return new RtpPort(s, s.address().port);
  }

  /** One PCMU packet whose payload starts with `mark`. */
  send(to: { host: string; port: number }, mark: string): void {
    const h = Buffer.alloc(12);
    h[0] = 0x80;
    h[1] = 0;
    h.writeUInt16BE(this.seq, 2);
    h.writeUInt32BE(this.seq * 160, 4);
    h.writeUInt32BE(0x5d0a7e57, 8);
    this.seq++;
    const payload = Buffer.alloc(160, 0xff);
    payload.write(mark, 0, 'latin1');
    this.sock.send(Buffer.concat([h, payload]), to.port, to.host);
  }

  close(): void {
    this.sock.close();
  }
}
