// The pcap export read back by tshark (Wireshark's dissectors): IPv4 and IPv6 packets, UDP
// checksums verified, SIP recognised with its method, status and Call-ID.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHep } from '../../../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../../../switch-agent/src/trace/hepEncode';
import type { HepInput } from '../../../switch-agent/src/trace/hepEncode';
import { pcapFile } from '../../../switch-agent/src/trace/pcapWriter';
import type { TraceMessage } from '../../../switch-agent/src/trace/traceIngest';
import { haveBinary } from '../engine/procs';

const haveTshark = haveBinary('tshark', ['-v']);
if (!haveTshark && process.env.CI) throw new Error('the pcap test needs tshark (apt-get install tshark)');

const sip = (first: string, cid: string, cseq: string) =>
  `${first}\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-${cid}\r\nFrom: <sip:a@127.0.0.2>;tag=1\r\nTo: <sip:3000@127.0.0.1>\r\nCall-ID: ${cid}\r\nCSeq: ${cseq}\r\nContent-Length: 0\r\n\r\n`;

function traced(over: Partial<HepInput>): TraceMessage {
  const r = decodeHep(encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000, timeUsec: 250_000, protoType: 1, payload: '', ...over }));
  if (!r.ok) throw new Error(r.error.message);
  return { receivedAt: 0, hep: r.packet };
}

describe.skipIf(!haveTshark)(`pcap export read by tshark${haveTshark ? '' : ' (skipped: tshark not installed)'}`, () => {
  it('opens the file and dissects IPv4/IPv6, UDP with good checksums, and SIP', () => {
    const messages = [
      traced({ payload: sip('INVITE sip:3000@127.0.0.1 SIP/2.0', 'call-v4', '1 INVITE') }),
      traced({ srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5062, timeUsec: 500_000, payload: sip('SIP/2.0 180 Ringing', 'call-v4', '1 INVITE') }),
      traced({ family: 'ipv6', srcIp: '::1', dstIp: '2001:db8::5', timeUsec: 750_000, payload: sip('OPTIONS sip:ping@[2001:db8::5] SIP/2.0', 'call-v6', '7 OPTIONS') }),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'sd-pcap-'));
    try {
      const file = join(dir, 'trace.pcap');
      writeFileSync(file, pcapFile(messages).bytes);
      const r = spawnSync('tshark', [
        '-r', file, '-o', 'udp.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|',
        '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'udp.srcport', '-e', 'udp.checksum.status', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID',
      ], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const rows = r.stdout.trim().split('\n').map((l) => l.split('|'));
      console.info(r.stdout);
      // udp.checksum.status 1 = "Good".
      expect(rows.map((x) => x.slice(1))).toEqual([
        ['127.0.0.2', '', '5062', '1', 'INVITE', '', 'call-v4'],
        ['127.0.0.1', '', '5060', '1', '', '180', 'call-v4'],
        ['', '::1', '5062', '1', 'OPTIONS', '', 'call-v6'],
      ]);
      expect(rows.map((x) => Number(x[0]).toFixed(2))).toEqual(['1764900000.25', '1764900000.50', '1764900000.75']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
