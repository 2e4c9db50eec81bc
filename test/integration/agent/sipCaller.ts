// A caller for the media tests that puts SDP where a sipp scenario cannot hand it to the test's
// RTP sockets: an INVITE with or without an offer, the answer in the ACK (a late-offer call), a
// re-INVITE without SDP. It calls from a mapping gateway's address (no digest), hands the test
// every reply as it arrives, and keeps the dialog (To tag, route set, remote target) from the 200.
// Over UDP a message can be lost on a loaded machine, so it behaves as RFC 3261 asks of a client:
// a request is resent (T1 doubling, to T2 for non-INVITE) until a reply to it arrives, and the ACK
// is sent again for each resent 2xx.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { bindUdp } from './rtpPort';
import { SipInbox, allHeaders, header, sipText } from './sipDevice';

export interface SipReply { text: string; code: number; callId: string; cseq: string; at: number }

/** RFC 3261 timers: first resend after T1, intervals capped at T2 (non-INVITE), no resend after 64 x T1. */
const T1_MS = 500;
const T2_MS = 4000;
const GIVE_UP_MS = 64 * T1_MS;

const bodyLines = (sdp?: string) => (sdp ? ['Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp] : ['Content-Length: 0', '', '']);

export class SipCaller {
  private readonly inbox = new SipInbox<SipReply>();
  private readonly tag = randomBytes(4).toString('hex');
  private branches = 0;
  /** Requests still resent, by "<Call-ID>|<CSeq>". */
  private readonly resending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The ACK sent for each INVITE's 2xx, by "<Call-ID>|<CSeq>" of that INVITE. */
  private readonly acks = new Map<string, string>();

  private constructor(private readonly sock: Socket, readonly ip: string, readonly port: number, private readonly to: { host: string; port: number }) {
    sock.on('message', (m: Buffer) => {
      const text = m.toString('latin1');
      const code = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
      if (!code) return;
      const reply = { text, code: Number(code), callId: header(text, 'Call-ID') ?? '', cseq: header(text, 'CSeq') ?? '', at: Date.now() };
      const key = `${reply.callId}|${reply.cseq}`;
      clearTimeout(this.resending.get(key));
      this.resending.delete(key);
      // A resent 2xx means our ACK was lost: send it again (RFC 3261 13.2.2.4).
      const ack = reply.code < 300 ? this.acks.get(key) : undefined;
      if (ack !== undefined) this.sock.send(ack, this.to.port, this.to.host);
      this.inbox.push(reply);
    });
  }

  static async open(ip: string, to: { host: string; port: number }): Promise<SipCaller> {
    const s = await bindUdp(ip);
    return new SipCaller(s, ip, s.address().port, to);
  }

  close(): void {
    for (const t of this.resending.values()) clearTimeout(t);
    this.resending.clear();
    this.sock.close();
  }

  /** Sends a request; anything but an ACK is resent until a reply to it arrives. */
  send(lines: string[]): void {
    const text = sipText(lines);
    const callId = header(text, 'Call-ID') ?? '';
    const cseq = header(text, 'CSeq') ?? '';
    this.sock.send(text, this.to.port, this.to.host);
    if (cseq.endsWith(' ACK')) {
      this.acks.set(`${callId}|${cseq.replace(/ ACK$/, ' INVITE')}`, text);
      return;
    }
    const key = `${callId}|${cseq}`;
    const invite = cseq.endsWith(' INVITE');
    const resend = (interval: number, sentAt: number) => {
      this.resending.set(key, setTimeout(() => {
        if (Date.now() - sentAt >= GIVE_UP_MS) return void this.resending.delete(key);
        this.sock.send(text, this.to.port, this.to.host);
        resend(invite ? interval * 2 : Math.min(interval * 2, T2_MS), sentAt);
      }, interval));
    };
    resend(T1_MS, Date.now());
  }

  via(): string {
    return `Via: SIP/2.0/UDP ${this.ip}:${this.port};branch=z9hG4bK${this.tag}${++this.branches};rport`;
  }

  get contact(): string {
    return `Contact: <sip:5550100@${this.ip}:${this.port}>`;
  }

  /**
   * The next reply to the `cseq` request ("1 INVITE") of call `callId` whose code `pick` accepts
   * (a call that failed earlier may still be sent retransmissions); throws after `ms`.
   */
  async reply(callId: string, cseq: string, pick: (code: number) => boolean, ms = 8000): Promise<SipReply> {
    const r = await this.inbox.next((m) => m.callId === callId && m.cseq === cseq && pick(m.code), ms);
    if (!r) throw new Error(`no reply to ${cseq} of ${callId} within ${ms} ms`);
    return r;
  }

  /** INVITE to `callee` with Call-ID `callId` and the offer `sdp` (none: a late-offer call). */
  invite(callee: string, callId: string, sdp?: string): CallerDialog {
    const uri = `sip:${callee}@${this.to.host}:${this.to.port}`;
    const from = `From: <sip:5550100@${this.ip}>;tag=${this.tag}`;
    this.send([`INVITE ${uri} SIP/2.0`, this.via(), from, `To: <${uri}>`, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', this.contact, 'Max-Forwards: 70', ...bodyLines(sdp)]);
    return new CallerDialog(this, callId, from, uri);
  }
}

/** One call of a SipCaller, from its INVITE on. */
export class CallerDialog {
  private to = '';
  private routes: string[] = [];
  private cseq = 1;

  constructor(private readonly ua: SipCaller, readonly callId: string, private readonly from: string, private target: string) {}

  /** The next reply to the INVITE with code `code` (a provisional or the final one); a 2xx sets up the dialog. */
  async inviteReply(code: number, ms = 8000): Promise<SipReply> {
    const r = await this.ua.reply(this.callId, '1 INVITE', (c) => c === code || (c >= 300 && code < 300), ms);
    if (r.code !== code) throw new Error(`INVITE got ${r.text.split('\r\n')[0]}, not ${code}`);
    if (code >= 200) this.enter(r.text);
    return r;
  }

  /** UAC route set: the 200's Record-Route entries in reverse order; remote target: its Contact. */
  private enter(ok: string): void {
    this.to = header(ok, 'To') ?? '';
    this.routes = allHeaders(ok, 'Record-Route').flatMap((h) => h.split(/,\s*(?=<)/)).reverse();
    this.target = /<([^>]+)>/.exec(header(ok, 'Contact') ?? '')?.[1] ?? this.target;
  }

  private request(method: string, cseq: number, sdp?: string): void {
    this.ua.send([`${method} ${this.target} SIP/2.0`, this.ua.via(), this.from, `To: ${this.to}`, `Call-ID: ${this.callId}`, `CSeq: ${cseq} ${method}`,
      ...this.routes.map((r) => `Route: ${r}`), this.ua.contact, 'Max-Forwards: 70', ...bodyLines(sdp)]);
  }

  /** ACK of the last INVITE's 2xx; `sdp`: the answer, when the 2xx carried the offer. */
  ack(sdp?: string): void {
    this.request('ACK', this.cseq, sdp);
  }

  /** A re-INVITE (without SDP: the far end offers in its 200); returns its final reply, not yet ACKed. */
  async reinvite(sdp?: string): Promise<SipReply> {
    this.cseq++;
    this.request('INVITE', this.cseq, sdp);
    return this.ua.reply(this.callId, `${this.cseq} INVITE`, (c) => c >= 200);
  }

  async bye(): Promise<number> {
    this.cseq++;
    this.request('BYE', this.cseq);
    return (await this.ua.reply(this.callId, `${this.cseq} BYE`, (c) => c >= 200)).code;
  }
}
