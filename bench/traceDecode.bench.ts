/**
 * Trace decoding cost: the agent's CPU per HEP datagram when it decodes HEP + SIP (TraceIngest)
 * against merely receiving the same datagrams on the same UDP socket, as a ratio, measured in
 * interleaved rounds. A child process sends; this process receives, and its CPU time is what
 * is counted. Also prints the decoders alone (no socket) in messages/s on one core.
 * The stream is the 13 messages of a call as siptrace mirrors them (~540 bytes each).
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { decodeHep } from '../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../switch-agent/src/trace/hepEncode';
import { parseSip } from '../switch-agent/src/trace/sipParse';
import { TraceIngest } from '../switch-agent/src/trace/traceIngest';
import { median } from './support/median';

function callMessages(n: number): Uint8Array[] {
  const cid = `${n}-4242@127.0.0.2`;
  const req = (m: string, ruri: string, seq: number, from: string, to: string, extra = '') =>
    `${m} ${ruri} SIP/2.0\r\nVia: SIP/2.0/UDP ${from}:5060;branch=z9hG4bK-${n}-${seq}-${m}\r\nFrom: sipp <sip:sipp@127.0.0.2:5062>;tag=${n}SIPpTag00\r\nTo: <sip:3000@127.0.0.1:5060>${extra}\r\nCall-ID: ${cid}\r\nCSeq: ${seq} ${m}\r\nContact: <sip:sipp@${from}:5062>\r\nMax-Forwards: 70\r\nUser-Agent: sipp\r\nContent-Length: 0\r\n\r\n`;
  const sdp = 'v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
  const res = (code: string, seq: number, m: string, to: string) =>
    `SIP/2.0 ${code}\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-${n}-${seq}-${m}\r\nFrom: sipp <sip:sipp@127.0.0.2:5062>;tag=${n}SIPpTag00\r\nTo: <sip:3000@127.0.0.1:5060>;tag=${n}SIPpTag01\r\nCall-ID: ${cid}\r\nCSeq: ${seq} ${m}\r\nContact: <sip:${to}:5062>\r\nServer: sipp\r\nContent-Length: 0\r\n\r\n`;
  const texts = [
    req('INVITE', 'sip:3000@127.0.0.1:5060', 1, '127.0.0.2', '127.0.0.1').replace('Content-Length: 0\r\n\r\n', `Content-Type: application/sdp\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`),
    res('100 Trying', 1, 'INVITE', '127.0.0.1'), req('INVITE', 'sip:3000@127.0.0.3:5080', 1, '127.0.0.1', '127.0.0.3'),
    res('180 Ringing', 1, 'INVITE', '127.0.0.3'), res('180 Ringing', 1, 'INVITE', '127.0.0.1'),
    res('200 OK', 1, 'INVITE', '127.0.0.3'), res('200 OK', 1, 'INVITE', '127.0.0.1'),
    req('ACK', 'sip:3000@127.0.0.1', 1, '127.0.0.2', '127.0.0.1', `;tag=${n}SIPpTag01`), req('ACK', 'sip:3000@127.0.0.3', 1, '127.0.0.1', '127.0.0.3', `;tag=${n}SIPpTag01`),
    req('BYE', 'sip:3000@127.0.0.1', 2, '127.0.0.2', '127.0.0.1', `;tag=${n}SIPpTag01`), req('BYE', 'sip:3000@127.0.0.3', 2, '127.0.0.1', '127.0.0.3', `;tag=${n}SIPpTag01`),
    res('200 OK', 2, 'BYE', '127.0.0.3'), res('200 OK', 2, 'BYE', '127.0.0.1'),
  ];
  return texts.map((payload, i) => encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000 + n, timeUsec: i, protoType: 1, captureId: 1, payload }));
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const packets = Array.from({ length: 200 }, (_, n) => callMessages(n)).flat();
const bytes = packets.reduce((s, p) => s + p.length, 0);

// 1. The decoders alone, no socket.
{
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = cpuUs();
    let n = 0;
    for (let k = 0; k < 20; k++) {
      for (const p of packets) {
        const h = decodeHep(p);
        if (h.ok) parseSip(h.packet.payload);
        n++;
      }
    }
    rounds.push(n / ((cpuUs() - t0) / 1e6));
  }
  console.log(`decodeHep + parseSip, no socket: ${Math.round(median(rounds)).toLocaleString('en')} messages/s per core (CPU time) (avg ${Math.round(bytes / packets.length)} bytes each)`);
}

// 2. Receiving the same datagrams: plain vs. decoding, CPU of this process per datagram.
const dir = mkdtempSync(join(tmpdir(), 'sd-bench-trace-'));
const file = join(dir, 'packets.bin');
writeFileSync(file, Buffer.concat(packets.flatMap((p) => [Buffer.from(Uint16Array.of(p.length).buffer), Buffer.from(p)])));
const sock = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
let received = 0;
let mode: 'receive' | 'decode' = 'receive';
const ingest = new TraceIngest(() => undefined);
sock.on('message', (msg, rinfo) => {
  received++;
  if (mode === 'decode') ingest.ingest(msg, rinfo, 0);
});

const senderCode = `
const dgram = require('node:dgram'); const fs = require('node:fs'); const rl = require('node:readline');
const raw = fs.readFileSync(${JSON.stringify(file)}); const pk = [];
for (let i = 0; i < raw.length; ) { const n = raw.readUInt16LE(i); pk.push(raw.subarray(i + 2, i + 2 + n)); i += 2 + n; }
const s = dgram.createSocket('udp4');
rl.createInterface({ input: process.stdin }).on('line', async (l) => {
  const n = Number(l);
  for (let i = 0; i < n; i++) {
    await new Promise((r) => s.send(pk[i % pk.length], ${sock.address().port}, '127.0.0.1', r));
  }
  process.stdout.write('done\\n');
});`;
const sender = spawn(process.execPath, ['-e', senderCode], { stdio: ['pipe', 'pipe', 'inherit'] });
const doneLines = createInterface({ input: sender.stdout! });
const nextDone = () => new Promise<void>((r) => doneLines.once('line', () => r()));

async function round(m: 'receive' | 'decode', n: number): Promise<{ usPer: number; got: number }> {
  mode = m;
  received = 0;
  const c0 = cpuUs();
  sender.stdin!.write(`${n}\n`);
  await nextDone();
  // Quiet for 100 ms: everything that will arrive has arrived.
  for (let last = -1; last !== received; ) {
    last = received;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { usPer: (cpuUs() - c0) / received, got: received };
}

const N = 60_000;
const samples: Record<'receive' | 'decode', number[]> = { receive: [], decode: [] };
let lost = 0;
await round('receive', 5000); // warm-up
for (let r = 0; r < 5; r++) {
  for (const m of ['receive', 'decode'] as const) {
    const x = await round(m, N);
    samples[m].push(x.usPer);
    lost += N - x.got;
  }
}
sender.stdin!.end();
sock.close();
rmSync(dir, { recursive: true, force: true });
const base = median(samples.receive);
const dec = median(samples.decode);
console.log(`receive only:        ${base.toFixed(2)} µs CPU per datagram (${Math.round(1e6 / base).toLocaleString('en')} datagrams/s per core)   1.00 × baseline`);
console.log(`receive + decode:    ${dec.toFixed(2)} µs CPU per datagram (${Math.round(1e6 / dec).toLocaleString('en')} messages/s per core)   ${(dec / base).toFixed(2)} × baseline`);
console.log(`(median of 5 interleaved rounds of ${N} datagrams; ${lost} datagrams not received across all rounds; CPU includes the idle wait of 100 ms per round)`);
