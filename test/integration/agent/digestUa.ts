// A minimal SIP user agent for the authentication tests: one UDP socket bound to a chosen
// loopback address (each 127.0.0.x stands for another source), REGISTER or INVITE with a chosen
// Call-ID, RFC 2617 digest answers to 401/407 challenges with any password. It gives the tests
// what sipp scenarios cannot: exact control of timing and of which password goes into which try.
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

export interface Reply {
  code: number;
  text: string;
  /** The WWW-Authenticate or Proxy-Authenticate header's parameters, when the reply has one. */
  challenge?: Challenge;
}

export interface Challenge {
  header: 'Authorization' | 'Proxy-Authorization';
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
}

export interface RequestSpec {
  method: 'REGISTER' | 'INVITE' | 'OPTIONS';
  /** User part of From/To (and the account a REGISTER registers). */
  user: string;
  /** Request-URI user of an INVITE or OPTIONS. */
  callee?: string;
  callId: string;
  cseq: number;
  /** Credentials answering `challenge`. */
  auth?: { challenge: Challenge; username: string; password: string };
  /** Via branch; a resent request keeps its first copy's (RFC 3261 17.1.2.1). Default: a new one. */
  branch?: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export function parseChallenge(text: string): Challenge | undefined {
  const m = /^(WWW|Proxy)-Authenticate:\s*Digest\s+(.*)$/im.exec(text);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of m[2]!.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) params.set(p[1]!.toLowerCase(), p[2] ?? p[3] ?? '');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  return {
    header: m[1] === 'WWW' ? 'Authorization' : 'Proxy-Authorization',
    realm, nonce, qop: params.get('qop'), opaque: params.get('opaque'),
  };
}

function parseReply(text: string): Reply | undefined {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(text);
  if (!m) return undefined;
  return { code: Number(m[1]), text, challenge: parseChallenge(text) };
}

/** The Authorization / Proxy-Authorization line for one request. */
export function digestLine(c: Challenge, username: string, password: string, method: string, uri: string): string {
  const ha1 = md5(`${username}:${c.realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const parts = [`username="${username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (c.qop && c.qop.split(',').map((q) => q.trim()).includes('auth')) {
    const cnonce = md5(String(Math.random())).slice(0, 16);
    parts.push(`response="${md5(`${ha1}:${c.nonce}:00000001:${cnonce}:auth:${ha2}`)}"`, 'qop=auth', 'nc=00000001', `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${md5(`${ha1}:${c.nonce}:${ha2}`)}"`);
  }
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `${c.header}: Digest ${parts.join(', ')}`;
}

export class SipUa {
  private readonly queue: string[] = [];
  private waiter: (() => void) | undefined;

  private constructor(
    private readonly sock: Socket,
    readonly ip: string,
    readonly port: number,
    private readonly to: { host: string; port: number },
  ) {
    sock.on('message', (m) => {
      this.queue.push(m.toString());
      this.waiter?.();
    });
  }

  static open(ip: string, to: { host: string; port: number }, port = 0): Promise<SipUa> {
    return new Promise((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(port, ip, () => {
        s.off('error', reject);
        resolve(new SipUa(s, ip, s.address().port, to));
      });
    });
  }

  /** Sends one request and waits up to `ms` for its final reply (provisional ones are skipped). */
  async request(r: RequestSpec, ms = 1500): Promise<Reply | undefined> {
    this.queue.length = 0;
    const uri = r.method === 'REGISTER' ? `sip:${this.to.host}:${this.to.port}` : `sip:${r.callee ?? '100'}@${this.to.host}:${this.to.port}`;
    const branch = r.branch ?? `z9hG4bK-${md5(`${r.callId}/${r.cseq}/${Math.random()}`).slice(0, 12)}`;
    const aor = `sip:${r.user}@${this.to.host}`;
    const lines = [
      `${r.method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.ip}:${this.port};branch=${branch};rport`,
      `From: <${aor}>;tag=${md5(r.callId).slice(0, 8)}`,
      `To: <${r.method === 'REGISTER' ? aor : uri}>`,
      `Call-ID: ${r.callId}`,
      `CSeq: ${r.cseq} ${r.method}`,
      `Contact: <sip:${r.user}@${this.ip}:${this.port}>`,
      'Max-Forwards: 70',
      ...(r.method === 'REGISTER' ? ['Expires: 300'] : []),
      ...(r.auth ? [digestLine(r.auth.challenge, r.auth.username, r.auth.password, r.method, uri)] : []),
      'Content-Length: 0',
      '',
      '',
    ];
    this.sock.send(lines.join('\r\n'), this.to.port, this.to.host);
    const deadline = Date.now() + ms;
    for (;;) {
      while (this.queue.length > 0) {
        const reply = parseReply(this.queue.shift()!);
        if (reply && reply.code >= 200) return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /**
   * A whole registration: REGISTER, then answers to each challenge with the next password of
   * `passwords` (one Call-ID, CSeq counting up), until a reply other than a challenge, silence, or
   * no passwords are left. Returns every final code seen in order ('none' for silence).
   */
  async register(user: string, passwords: string[], o: { callId?: string; ms?: number; username?: string } = {}): Promise<(number | 'none')[]> {
    const callId = o.callId ?? `reg-${user}-${md5(String(Math.random())).slice(0, 10)}`;
    const codes: (number | 'none')[] = [];
    let reply = await this.request({ method: 'REGISTER', user, callId, cseq: 1 }, o.ms);
    for (let i = 0; ; i++) {
      codes.push(reply ? reply.code : 'none');
      if (!reply?.challenge || i >= passwords.length) return codes;
      reply = await this.request(
        { method: 'REGISTER', user, callId, cseq: i + 2, auth: { challenge: reply.challenge, username: o.username ?? user, password: passwords[i]! } },
        o.ms,
      );
    }
  }

  close(): void {
    this.sock.close();
  }
}
