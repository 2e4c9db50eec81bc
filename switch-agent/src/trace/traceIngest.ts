// What the HEP listener does with each datagram, without the socket: check the sender, decode
// HEP then SIP, count every outcome by code, hand each decoded message to the sink. Pure apart
// from the sink; nothing is kept, so memory does not grow with traffic.
import { decodeHep } from './hepDecode';
import { HEP_PROTO_SIP } from './hepTypes';
import type { HepErrorCode, HepPacket } from './hepTypes';
import { parseSip } from './sipParse';
import type { SipErrorCode, SipResult } from './sipTypes';

export interface Endpoint {
  address: string;
  port: number;
}

export interface TraceMessage {
  /** When the datagram arrived (ms since the epoch). */
  receivedAt: number;
  hep: HepPacket;
  /** Absent when the HEP protocol type is not SIP. */
  sip?: SipResult;
}

export interface TraceCounters {
  received: number;
  /** Datagrams from a sender other than the expected one (dropped unread). */
  foreignSender: number;
  /** HEP packets decoded. */
  decoded: number;
  hepErrors: Partial<Record<HepErrorCode, number>>;
  /** Decoded HEP packets whose protocol type is not SIP (passed on without a SIP parse). */
  notSip: number;
  /** SIP payloads that are not SIP at all (still passed on, with the error). */
  sipErrors: Partial<Record<SipErrorCode, number>>;
  /** SIP messages parsed with at least one problem flagged. */
  sipFlagged: number;
  /** Times the sink threw; the datagram still counts as decoded. */
  sinkErrors: number;
}

export function emptyCounters(): TraceCounters {
  return { received: 0, foreignSender: 0, decoded: 0, hepErrors: {}, notSip: 0, sipErrors: {}, sipFlagged: 0, sinkErrors: 0 };
}

export class TraceIngest {
  private readonly c = emptyCounters();

  /**
   * @param sink receives every decoded message, synchronously; it must not keep more than it can
   *   bound (a later trace session applies its filter and message cap here).
   * @param acceptFrom when set, only datagrams from this address (and port, if non-zero) are read:
   *   any local user can send UDP to a loopback port, and a trace must show Kamailio's traffic only.
   */
  constructor(
    private readonly sink: (m: TraceMessage) => void,
    private readonly acceptFrom?: Endpoint | ((from: Endpoint) => boolean),
  ) {}

  ingest(datagram: Uint8Array, from: Endpoint, now: number): void {
    const c = this.c;
    c.received++;
    const a = this.acceptFrom;
    if (a && (typeof a === 'function' ? !a(from) : from.address !== a.address || (a.port !== 0 && from.port !== a.port))) {
      c.foreignSender++;
      return;
    }
    const hep = decodeHep(datagram);
    if (!hep.ok) {
      c.hepErrors[hep.error.code] = (c.hepErrors[hep.error.code] ?? 0) + 1;
      return;
    }
    c.decoded++;
    const message: TraceMessage = { receivedAt: now, hep: hep.packet };
    if (hep.packet.protoType !== undefined && hep.packet.protoType !== HEP_PROTO_SIP) c.notSip++;
    else {
      const sip = parseSip(hep.packet.payload);
      message.sip = sip;
      if (!sip.ok) c.sipErrors[sip.error.code] = (c.sipErrors[sip.error.code] ?? 0) + 1;
      else if (sip.message.problems.length > 0) c.sipFlagged++;
    }
    try {
      this.sink(message);
    } catch {
      c.sinkErrors++;
    }
  }

  /** A copy of the counters. */
  counters(): TraceCounters {
    return { ...this.c, hepErrors: { ...this.c.hepErrors }, sipErrors: { ...this.c.sipErrors } };
  }
}
