// A SIP device on one TCP connection, for the test that a call to a device registered over TCP
// comes back over that connection (sipp cannot: as a UAC it drops requests of a Call-ID it did not
// start). It connects from `ip`, registers with digest credentials and a Contact on a private
// address nobody can connect to, then answers one INVITE that arrives on the same connection.
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { digestLine, parseChallenge } from './digestUa';
import { SipInbox, audioSdp, header, registerRequest, replyTo } from './sipDevice';

export class TcpDevice {
  private readonly messages = new SipInbox<string>();
  private buf = '';
  private readonly tag = randomBytes(4).toString('hex');
  /** Requests that reached the device (method lines), in order. */
  readonly requests: string[] = [];

  private constructor(private readonly sock: Socket, readonly user: string, private readonly to: { host: string; port: number }, private readonly privateHost: string) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      // Frames: headers up to the blank line, then Content-Length bytes (RFC 3261 18.3).
      for (;;) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const len = Number(header(this.buf.slice(0, end), 'Content-Length') ?? header(this.buf.slice(0, end), 'l') ?? 0);
        if (this.buf.length < end + 4 + len) break;
        const msg = this.buf.slice(0, end + 4 + len);
        this.buf = this.buf.slice(end + 4 + len).replace(/^(\r\n)+/, '');
        if (!msg.startsWith('SIP/2.0')) this.requests.push(msg.split('\r\n')[0]!);
        this.messages.push(msg);
      }
    });
  }

  static connect(ip: string, to: { host: string; port: number }, user: string, privateHost: string): Promise<TcpDevice> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: to.host, port: to.port, localAddress: ip }, () => {
        s.off('error', reject);
        resolve(new TcpDevice(s, user, to, privateHost));
      });
      s.once('error', reject);
    });
  }

  /** The local port of the connection. */
  get localPort(): number {
    return this.sock.localPort!;
  }

  close(): void {
    this.sock.destroy();
  }

  private next(pick: (m: string) => boolean, ms: number): Promise<string | undefined> {
    return this.messages.next(pick, ms);
  }

  private get contact() {
    return `<sip:${this.user}@${this.privateHost}:5060;transport=tcp>`;
  }

  private finalReply = (m: string) => /^SIP\/2\.0 [2-6]\d\d /.test(m);

  /** REGISTER answering one digest challenge; resolves with the final code. */
  async register(password: string, expires: number): Promise<number | undefined> {
    const uri = `sip:${this.to.host}:${this.to.port};transport=tcp`;
    const req = (cseq: number, auth?: string) => registerRequest({
      uri, host: this.to.host, user: this.user, via: `Via: SIP/2.0/TCP ${this.privateHost}:5060;branch=z9hG4bK${this.tag}r${cseq};rport`, tag: this.tag,
      callId: `reg-${this.tag}@${this.privateHost}`, cseq, contact: this.contact, expires, auth,
    });
    this.sock.write(req(1));
    const ch = await this.next(this.finalReply, 5000);
    const c = ch && parseChallenge(ch);
    if (!c) return ch ? Number(ch.slice(8, 11)) : undefined;
    this.sock.write(req(2, digestLine(c, this.user, password, 'REGISTER', uri)));
    const ok = await this.next(this.finalReply, 5000);
    return ok ? Number(ok.slice(8, 11)) : undefined;
  }

  private reply(req: string, status: string, body?: string): void {
    this.sock.write(replyTo(req, status, { toTag: `${this.tag}d`, contact: this.contact, body }));
  }

  /** Answers the next INVITE on this connection (SDP on `mediaPort` of the private address), then its BYE. */
  async answerCall(mediaPort: number, ms: number): Promise<'answered and hung up' | string> {
    const invite = await this.next((m) => m.startsWith('INVITE '), ms);
    if (!invite) return 'no INVITE on the connection';
    this.reply(invite, '200 OK', audioSdp(this.privateHost, mediaPort));
    const bye = await this.next((m) => m.startsWith('BYE '), ms);
    if (!bye) return `no BYE on the connection; requests seen: ${this.requests.join(' | ')}`;
    this.reply(bye, '200 OK');
    return 'answered and hung up';
  }
}
