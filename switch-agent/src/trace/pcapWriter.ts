// pcap export of the messages the agent traced: each decoded HEP message as the packet it
// describes (shared/trace/pcap.ts builds the file; the app uses the same builder offline).
import type { TcpSequencer} from '@shared/trace/pcap';
import { IP_PROTO_TCP, pcapFile as filePcap, pcapRecord as recordPcap, type PcapPacket } from '@shared/trace/pcap';
import type { TraceMessage } from './traceIngest';
import { HEP_PROTO_KAMAILIO_TLS } from './traceItem';

export { pcapHeader, TcpSequencer } from '@shared/trace/pcap';

/** The packet a traced message describes, stamped with the engine's capture time or else its arrival. */
export function toPcapPacket(m: TraceMessage): PcapPacket {
  const { hep } = m;
  const stamped = hep.timeSec !== undefined;
  return {
    family: hep.family,
    // TLS (Kamailio's HEP marks it 22) is written as the decrypted SIP it carried, over TCP.
    ipProto: hep.ipProto === HEP_PROTO_KAMAILIO_TLS ? IP_PROTO_TCP : hep.ipProto,
    srcIp: hep.srcIp,
    dstIp: hep.dstIp,
    srcPort: hep.srcPort,
    dstPort: hep.dstPort,
    timeSec: stamped ? hep.timeSec! : Math.floor(m.receivedAt / 1000),
    timeUsec: stamped ? (hep.timeUsec ?? 0) : (m.receivedAt % 1000) * 1000,
    payload: hep.payload,
  };
}

export function pcapRecord(m: TraceMessage, tcp: TcpSequencer): Uint8Array | undefined {
  return recordPcap(toPcapPacket(m), tcp);
}

export function pcapFile(messages: Iterable<TraceMessage>): { bytes: Uint8Array; written: number; skipped: number } {
  return filePcap([...messages].map(toPcapPacket));
}
