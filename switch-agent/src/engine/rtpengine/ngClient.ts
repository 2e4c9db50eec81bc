// rtpengine's ng control protocol over UDP: "<cookie> <bencoded dict>" each way. The cookie
// matches replies to requests; a lost datagram is resent (rtpengine caches replies by cookie,
// so a resend is not executed twice) until the overall timeout.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { bdecode, bencode } from './bencode';
import type { BDecoded, BValue } from './bencode';

export type NgReply = { [key: string]: BDecoded };

export class NgError extends Error {
  constructor(readonly command: string, message: string) {
    super(`rtpengine ng ${command}: ${message}`);
    this.name = 'NgError';
  }
}

interface Pending {
  command: string;
  resolve: (r: NgReply) => void;
  reject: (e: Error) => void;
  timers: unknown[];
}

export interface NgClientOptions {
  host: string;
  port: number;
  /** Overall time for one command. */
  timeoutMs?: number;
  /** Resend after this long without a reply. */
  resendMs?: number;
}

export class NgClient {
  private readonly pending = new Map<string, Pending>();
  private sock: Socket | null = null;
  private ready: Promise<Socket> | null = null;
  private seq = 0;
  private readonly prefix = randomBytes(4).toString('hex');

  constructor(private readonly opts: NgClientOptions) {}

  /** Sends `command` with extra dict entries; resolves with the reply dict when result is ok. */
  async command(command: string, args: { [key: string]: BValue } = {}): Promise<NgReply> {
    const sock = await this.socket();
    const cookie = `${this.prefix}_${++this.seq}`;
    const packet = Buffer.concat([Buffer.from(`${cookie} `), bencode({ ...args, command })]);
    const timeoutMs = this.opts.timeoutMs ?? 2000;
    const resendMs = this.opts.resendMs ?? 500;
    return new Promise<NgReply>((resolve, reject) => {
      const p: Pending = { command, resolve, reject, timers: [] };
      this.pending.set(cookie, p);
      const send = () => sock.send(packet, this.opts.port, this.opts.host, (e) => e && this.settle(cookie, undefined, new NgError(command, e.message)));
      send();
      for (let t = resendMs; t < timeoutMs; t += resendMs) p.timers.push(setTimeout(send, t));
      p.timers.push(setTimeout(() => this.settle(cookie, undefined, new NgError(command, `no reply within ${timeoutMs} ms`)), timeoutMs));
    });
  }

  async ping(): Promise<void> {
    const r = await this.command('ping');
    if (r.result !== 'pong') throw new NgError('ping', `unexpected result ${JSON.stringify(r.result)}`);
  }

  /** Call-IDs of the calls rtpengine holds. */
  async list(limit = 1000): Promise<string[]> {
    const r = await this.command('list', { limit });
    const calls = r.calls;
    return Array.isArray(calls) ? calls.filter((c): c is string => typeof c === 'string') : [];
  }

  close(): void {
    for (const [cookie] of this.pending) this.settle(cookie, undefined, new NgError('close', 'client closed'));
    this.sock?.close();
    this.sock = null;
    this.ready = null;
  }

  private socket(): Promise<Socket> {
    this.ready ??= new Promise<Socket>((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.on('message', (m) => this.onMessage(m));
      s.bind(0, this.opts.host === '127.0.0.1' ? '127.0.0.1' : undefined, () => {
        s.removeListener('error', reject);
        s.on('error', () => undefined);
        this.sock = s;
        resolve(s);
      });
    });
    return this.ready;
  }

  private onMessage(m: Buffer): void {
    const space = m.indexOf(0x20);
    if (space < 0) return;
    const cookie = m.toString('latin1', 0, space);
    const p = this.pending.get(cookie);
    if (!p) return; // Duplicate reply to a resend, or a reply after the timeout.
    let reply: BDecoded;
    try {
      reply = bdecode(m.subarray(space + 1));
    } catch (e) {
      this.settle(cookie, undefined, new NgError(p.command, `bad reply: ${(e as Error).message}`));
      return;
    }
    if (typeof reply !== 'object' || Array.isArray(reply)) {
      this.settle(cookie, undefined, new NgError(p.command, 'reply is not a dictionary'));
    } else if (reply.result === 'error') {
      this.settle(cookie, undefined, new NgError(p.command, String(reply['error-reason'] ?? 'error')));
    } else {
      this.settle(cookie, reply);
    }
  }

  private settle(cookie: string, reply: NgReply | undefined, err?: Error): void {
    const p = this.pending.get(cookie);
    if (!p) return;
    this.pending.delete(cookie);
    for (const t of p.timers) clearTimeout(t as NodeJS.Timeout);
    if (err) p.reject(err);
    else p.resolve(reply ?? {});
  }
}
