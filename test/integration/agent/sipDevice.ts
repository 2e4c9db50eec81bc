// What the hand-written SIP devices share (natDevice.ts over UDP, tcpDevice.ts over one TCP
// connection): reading headers, waiting for the next message that matches, the REGISTER they send,
// the reply a device sends to a request (echoing its Via, Record-Route, From, To, Call-ID and CSeq)
// and the audio SDP it offers or answers with.

export const header = (text: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'mi').exec(text)?.[1];
export const allHeaders = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}:[ \\t]*(.*?)\\r?$`, 'gmi'))].map((m) => m[1]!);
/** A message's lines joined as SIP wants them; the last line is the body (empty: none). */
export const sipText = (lines: string[]) => lines.join('\r\n');

/** Messages in arrival order; `next` hands them out to whoever waits for one of a kind. */
export class SipInbox<T> {
  private readonly queue: T[] = [];
  private wake: (() => void) | undefined;

  push(m: T): void {
    this.queue.push(m);
    this.wake?.();
  }

  /** The next message matching `pick` (earlier ones are dropped), or undefined after `ms`. */
  async next(pick: (m: T) => boolean, ms: number): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.queue.findIndex(pick);
      if (i >= 0) return this.queue.splice(0, i + 1)[i];
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => { clearTimeout(t); r(); };
      });
      this.wake = undefined;
    }
  }
}

/** PCMU audio on `host`:`port`, as a device writes it in an INVITE or a 200. */
export const audioSdp = (host: string, port: number) =>
  ['v=0', `o=dev 1 1 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0', `m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

/** The media address an SDP names, or undefined without one. */
export function mediaOf(text: string): { host: string; port: number } | undefined {
  const host = /^c=IN IP4 (\S+)/m.exec(text)?.[1];
  const port = /^m=audio (\d+)/m.exec(text)?.[1];
  return host && port ? { host, port: Number(port) } : undefined;
}

/** A REGISTER of `user` at `uri`; `auth`: the Authorization line answering a challenge. */
export function registerRequest(o: { uri: string; host: string; user: string; via: string; tag: string; callId: string; cseq: number; contact: string; expires: number; auth?: string }): string {
  const aor = `sip:${o.user}@${o.host}`;
  return sipText([
    `REGISTER ${o.uri} SIP/2.0`, o.via, `From: <${aor}>;tag=${o.tag}`, `To: <${aor}>`, `Call-ID: ${o.callId}`, `CSeq: ${o.cseq} REGISTER`,
    `Contact: ${o.contact}`, `Expires: ${o.expires}`, 'Max-Forwards: 70', ...(o.auth ? [o.auth] : []), 'Content-Length: 0', '', '']);
}

/** The device's reply to `req`; `toTag` is added when the To has none (the device's first reply in a dialog). */
export function replyTo(req: string, status: string, o: { toTag: string; contact: string; body?: string }): string {
  const to = header(req, 'To') ?? '';
  const body = o.body ?? '';
  return sipText([
    `SIP/2.0 ${status}`, ...allHeaders(req, 'Via').map((v) => `Via: ${v}`), ...allHeaders(req, 'Record-Route').map((r) => `Record-Route: ${r}`),
    `From: ${header(req, 'From')}`, `To: ${to}${/;tag=/.test(to) ? '' : `;tag=${o.toTag}`}`, `Call-ID: ${header(req, 'Call-ID')}`, `CSeq: ${header(req, 'CSeq')}`,
    `Contact: ${o.contact}`, ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`, '', body]);
}
