/**
 * Trace session cost on the capture path, as ratios against decoding alone (TraceIngest, HEP +
 * SIP), measured in interleaved rounds on the same messages (the 13 of a call, 200 calls):
 *   - no session open (offer returns at once),
 *   - 16 running sessions whose filters (Call-ID) match nothing,
 *   - 1 session matching everything (copy + grouping into the store; a fresh session per round).
 * CPU time of this process only; no sockets.
 */
import { encodeHep } from '../switch-agent/src/trace/hepEncode';
import { TraceIngest } from '../switch-agent/src/trace/traceIngest';
import { TraceSessions } from '../switch-agent/src/trace/sessions';
import { systemClock } from '../switch-agent/src/engine/clock';
import { AGENT_METHODS } from '../shared/rpc/agentApi';
import { median } from './support/median';

const sip = (n: number, i: number) =>
  `${i % 2 ? 'SIP/2.0 200 OK' : 'INVITE sip:3000@127.0.0.1:5060 SIP/2.0'}\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-${n}-${i >> 1}\r\nFrom: sipp <sip:5550100@127.0.0.2:5062>;tag=${n}SIPpTag00\r\nTo: <sip:3000@127.0.0.1:5060>\r\nCall-ID: ${n}-4242@127.0.0.2\r\nCSeq: 1 INVITE\r\nContact: <sip:sipp@127.0.0.2:5062>\r\nMax-Forwards: 70\r\nUser-Agent: sipp\r\nContent-Length: 0\r\n\r\n`;
const packets = Array.from({ length: 200 }, (_, n) => Array.from({ length: 13 }, (_, i) => encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000, timeUsec: i, protoType: 1, payload: sip(n, i) }))).flat();
const from = { address: '127.0.0.1', port: 5060 };
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function manager(sessions: number, filter: object): Promise<TraceSessions> {
  const m = new TraceSessions({ clock: systemClock, capture: async () => {}, resolveGateway: () => undefined, limits: { sessionsPerConnection: 16, sessionsTotal: 16, sessionBytes: 64 * 1024 * 1024 } });
  opened.push(m);
  for (let i = 0; i < sessions; i++) await m.start(`c${i}`, AGENT_METHODS['trace.start'].params.parse({ filter, maxMessages: 100_000 }));
  return m;
}

const opened: TraceSessions[] = [];
const cases: Record<string, () => Promise<(m: Parameters<TraceSessions['offer']>[0]) => void>> = {
  'decode only (baseline)': async () => () => undefined,
  'no session open': async () => {
    const m = await manager(0, {});
    return (x) => m.offer(x);
  },
  '16 sessions, none matching': async () => {
    const m = await manager(16, { callId: 'nothing-matches' });
    return (x) => m.offer(x);
  },
  '1 session matching all': async () => {
    const m = await manager(1, {});
    return (x) => m.offer(x);
  },
};

const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < 9; round++) {
  for (const [name, make] of Object.entries(cases)) {
    const sink = await make();
    const ingest = new TraceIngest(sink);
    const t0 = cpuUs();
    for (let k = 0; k < 5; k++) for (const p of packets) ingest.ingest(p, from, 0);
    times[name]!.push(cpuUs() - t0);
  }
}
const base = median(times['decode only (baseline)']!);
for (const [name, t] of Object.entries(times)) console.log(`${name.padEnd(28)} ${(median(t) / base).toFixed(2)}× decode-only CPU (median of 9 rounds, ${packets.length * 5} messages each)`);
// Their duration timers would keep the process alive for 10 minutes.
await Promise.all(opened.map((m) => m.close()));
