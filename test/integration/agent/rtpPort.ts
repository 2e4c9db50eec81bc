// RTP for the call tests that check media end to end: a UDP socket that records what reaches it
// and sends marked PCMU packets, and the loop that resends a marked packet until it arrives (a
// packet sent before the media path is open, e.g. before rtpengine learned a NATed address, is lost).
import { createSocket, type Socket } from 'node:dgram';
import { waitFor } from '../engine/procs';

export interface MediaAddress {
  host: string;
  port: number;
}

export interface RtpReceived {
  /** The packet after its 12-byte header. */
  payload: Buffer;
  from: string;
  at: number;
}

export function bindUdp(ip: string, port = 0): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(port, ip, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

/** The 160-byte PCMU payload RtpPort sends for `mark`: the mark, then 0xff padding. */
export function payloadOf(mark: string): Buffer {
  const p = Buffer.alloc(160, 0xff);
  p.write(mark, 0, 'latin1');
  return p;
}

/** A UDP socket that records RTP datagrams (payload after the 12-byte header) and sends marked ones. */
export class RtpPort {
  readonly received: RtpReceived[] = [];
  private seq = 1;
  private constructor(private readonly sock: Socket, readonly port: number) {
    sock.on('message', (m, r) => this.received.push({ payload: m.subarray(12), from: `${r.address}:${r.port}`, at: Date.now() }));
  }

  static async open(ip: string): Promise<RtpPort> {
    const s = await bindUdp(ip);
    return new RtpPort(s, s.address().port);
  }

  /** One PCMU packet whose payload starts with `mark`. */
  send(to: MediaAddress, mark: string): void {
    const h = Buffer.alloc(12);
    h[0] = 0x80;
    h[1] = 0;
    h.writeUInt16BE(this.seq, 2);
    h.writeUInt32BE(this.seq * 160, 4);
    h.writeUInt32BE(0x5d0a7e57, 8);
    this.seq++;
    this.sock.send(Buffer.concat([h, payloadOf(mark)]), to.port, to.host);
  }

  /** The first packet received whose payload starts with `mark`. */
  heard(mark: string): RtpReceived | undefined {
    return this.received.find((p) => p.payload.subarray(0, mark.length).toString('latin1') === mark);
  }

  close(): void {
    this.sock.close();
  }
}

/**
 * Sends a packet marked `mark` from `from` to `to` until `at` has received one (each try also runs
 * `eachTry`, e.g. the other side opening its NAT path), and returns the packet received. On time-out
 * the error names `what` and adds `explain()` (what the test saw on the way).
 */
export async function sendUntilHeard(
  what: string,
  o: { from: RtpPort; to: MediaAddress; at: RtpPort; mark: string; ms?: number; eachTry?: () => void; explain?: () => string },
): Promise<RtpReceived> {
  try {
    return await waitFor(what, o.ms ?? 5000, () => {
      o.eachTry?.();
      o.from.send(o.to, o.mark);
      return o.at.heard(o.mark);
    });
  } catch (e) {
    throw o.explain ? new Error(`${(e as Error).message}; ${o.explain()}`) : e;
  }
}
