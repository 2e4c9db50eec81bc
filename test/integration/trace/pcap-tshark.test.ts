// The pcap export read back by tshark (Wireshark's dissectors): IPv4 and IPv6 packets, UDP and
// TCP checksums verified, TCP streams without gaps, SIP recognised with its method, status and
// Call-ID; and by sngrep, which finds the same dialogs and messages.
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
const haveSngrep = haveBinary('sngrep', ['-V']);
if (!haveSngrep && process.env.CI) throw new Error('the pcap test needs sngrep (apt-get install sngrep)');

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

  it('dissects SIP over TCP: one segment per message, good checksums, each connection one stream without gaps', () => {
    const tcp = (over: Partial<HepInput>) => traced({ ipProto: 6, ...over });
    const back = { srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5062 };
    const messages = [
      tcp({ payload: sip('INVITE sip:3000@127.0.0.1 SIP/2.0', 'call-tcp', '1 INVITE') }),
      tcp({ ...back, timeUsec: 300_000, payload: sip('SIP/2.0 100 Trying', 'call-tcp', '1 INVITE') }),
      tcp({ ...back, timeUsec: 400_000, payload: sip('SIP/2.0 200 OK', 'call-tcp', '1 INVITE') }),
      tcp({ timeUsec: 500_000, payload: sip('ACK sip:3000@127.0.0.1 SIP/2.0', 'call-tcp', '1 ACK') }),
      tcp({ family: 'ipv6', srcIp: '2001:db8::1', dstIp: '2001:db8::2', timeUsec: 600_000, payload: sip('OPTIONS sip:ping@[2001:db8::2] SIP/2.0', 'call-tcp6', '1 OPTIONS') }),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'sd-pcap-'));
    try {
      const file = join(dir, 'tcp.pcap');
      writeFileSync(file, pcapFile(messages).bytes);
      const r = spawnSync('tshark', [
        '-r', file, '-o', 'tcp.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|',
        '-e', 'tcp.stream', '-e', 'tcp.checksum.status', '-e', 'tcp.analysis.lost_segment', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID',
      ], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      console.info(r.stdout);
      const rows = r.stdout.trim().split('\n').map((l) => l.split('|'));
      // tcp.checksum.status 1 = "Good"; no segment reported lost.
      expect(rows).toEqual([
        ['0', '1', '', 'INVITE', '', 'call-tcp'],
        ['0', '1', '', '', '100', 'call-tcp'],
        ['0', '1', '', '', '200', 'call-tcp'],
        ['0', '1', '', 'ACK', '', 'call-tcp'],
        ['1', '1', '', 'OPTIONS', '', 'call-tcp6'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveSngrep)(`pcap export read by sngrep${haveSngrep ? '' : ' (skipped: sngrep not installed)'}`, () => {
  it('sngrep finds the dialogs and every SIP message of a UDP and TCP export', () => {
    const messages = [
      traced({ payload: sip('INVITE sip:3000@127.0.0.1 SIP/2.0', 'ng-udp', '1 INVITE') }),
      traced({ srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5062, timeUsec: 400_000, payload: sip('SIP/2.0 486 Busy Here', 'ng-udp', '1 INVITE') }),
      traced({ ipProto: 6, timeUsec: 500_000, payload: sip('OPTIONS sip:ping@127.0.0.1 SIP/2.0', 'ng-tcp', '1 OPTIONS') }),
      traced({ ipProto: 6, srcIp: '127.0.0.1', dstIp: '127.0.0.2', srcPort: 5060, dstPort: 5062, timeUsec: 600_000, payload: sip('SIP/2.0 200 OK', 'ng-tcp', '1 OPTIONS') }),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'sd-sngrep-'));
    try {
      const file = join(dir, 'in.pcap');
      const out = join(dir, 'out.pcap');
      writeFileSync(file, pcapFile(messages).bytes);
      // No interface: sngrep reads the file, prints the dialog count and writes what it parsed as SIP.
      const r = spawnSync('sngrep', ['-F', '-N', '-I', file, '-O', out], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, HOME: dir } });
      console.info(r.stdout, r.stderr);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Dialog count: 2/);
      const back = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'sip.Call-ID'], { encoding: 'utf8' });
      expect(back.stdout.trim().split('\n')).toEqual(['ng-udp', 'ng-udp', 'ng-tcp', 'ng-tcp']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
