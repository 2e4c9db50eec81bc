// The agent's HEP listener as its own process under a flood of malformed HEP from a UDP socket:
// every datagram is counted under the code the decoder gives it, the well-formed ones sent
// between them all arrive, and the process's memory stays bounded.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHep } from '../../../switch-agent/src/trace/hepDecode';
import { encodeHep } from '../../../switch-agent/src/trace/hepEncode';
import { startHepListener } from '../../../switch-agent/src/trace/hepListener';
import type { TraceCounters, TraceMessage } from '../../../switch-agent/src/trace/traceIngest';
import { malformedHep } from '../../support/hepMutations';
import { waitFor } from '../engine/procs';

const CHILD = fileURLToPath(new URL('./listenerChild.ts', import.meta.url));

/** A well-formed packet; the child counts those whose Call-ID starts with "good-". */
function good(n: number, prefix = 'good-'): Uint8Array {
  const sip = `OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5062;branch=z9hG4bK-${n}\r\nFrom: <sip:probe@127.0.0.2>;tag=${n}\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: ${prefix}${n}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
  return encodeHep({ family: 'ipv4', ipProto: 17, srcIp: '127.0.0.2', dstIp: '127.0.0.1', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000, timeUsec: n % 1_000_000, protoType: 1, captureId: 1, payload: sip });
}

function send(s: Socket, b: Uint8Array, port: number): Promise<void> {
  return new Promise((resolve, reject) => s.send(b, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
}

describe('HEP listener', () => {
  it('refuses to bind anything but loopback', async () => {
    await expect(startHepListener({ address: '0.0.0.0', onMessage: () => undefined })).rejects.toThrow('trace listener address: must be a loopback address (127.x.x.x or ::1), got "0.0.0.0"');
  });

  it('receives over UDP on loopback with a receive buffer above the default, good packets around bad ones', async () => {
    const got: TraceMessage[] = [];
    const listener = await startHepListener({ onMessage: (m) => got.push(m) });
    const s = createSocket('udp4');
    try {
      expect(listener.address.address).toBe('127.0.0.1');
      console.info(`receive buffer granted: ${listener.receiveBufferBytes} bytes`);
      expect(listener.receiveBufferBytes).toBeGreaterThan(212_992);
      for (const b of [good(1), Uint8Array.of(1, 2, 3), good(2).slice(0, 40), good(3)]) await send(s, b, listener.address.port);
      await waitFor('4 datagrams', 5000, () => (listener.counters().received === 4 ? true : undefined));
      expect(got.map((m) => (m.sip?.ok ? m.sip.message.callId : '?'))).toEqual(['good-1', 'good-3']);
      expect(got[0]!.hep).toMatchObject({ srcIp: '127.0.0.2', srcPort: 5062, dstPort: 5060, timeSec: 1_764_900_000, timeUsec: 1 });
      expect(listener.counters().hepErrors).toEqual({ HEP_TOO_SHORT: 1, HEP_TOTAL_LENGTH: 1 });
    } finally {
      s.close();
      await listener.close();
    }
  });
});

describe('HEP listener under a flood of malformed HEP (separate process)', () => {
  let dir = '';
  let child: ChildProcessWithoutNullStreams | undefined;
  let nextLine: () => Promise<string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-hepfuzz-'));
    const out = join(dir, 'child.mjs');
    await build({ entryPoints: [CHILD], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
    child = spawn(process.execPath, [out], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const waiting: ((l: string) => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => (waiting.length ? waiting.shift()!(l) : lines.push(l)));
    nextLine = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise((r) => waiting.push(r)));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts every datagram by code, delivers every good one, and keeps its memory bounded', async () => {
    const { port } = JSON.parse(await nextLine()) as { port: number };
    const stats = async () => {
      child!.stdin.write('stats\n');
      return JSON.parse(await nextLine()) as { counters: TraceCounters; goodArrived: number; rssKb: number; hwmKb: number };
    };
    // One round: every malformed variant of a real-shaped packet, oversized garbage, and a good
    // packet after every 10 bad ones.
    // 65,507 bytes is the most one IPv4 UDP datagram carries.
    const bad = [...malformedHep(good(0, 'base-'))].map((m) => m.bytes).filter((b) => b.length <= 65_507);
    bad.push(new Uint8Array(60_000).fill(0x48), new Uint8Array(65_507).fill(0xff));
    const expected = new Map<string, number>();
    for (const b of bad) {
      const r = decodeHep(b);
      const k = r.ok ? 'ok' : r.error.code;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const s = createSocket('udp4');
    const rounds = 200;
    let sent = 0;
    let goodSent = 0;
    let unsyncedBytes = 0;
    const rss: number[] = [];
    const started = Date.now();
    try {
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < bad.length; i++) {
          await send(s, bad[i]!, port);
          sent++;
          unsyncedBytes += bad[i]!.length;
          if (i % 10 === 9) {
            await send(s, good(++goodSent), port);
            sent++;
          }
          // Flow control, so the kernel never has to drop: after 2 MB (a quarter of the receive
          // buffer) let the listener catch up.
          if (unsyncedBytes > 2 * 1024 * 1024) {
            await waitFor('listener catching up', 10_000, async () => ((await stats()).counters.received >= sent ? true : undefined));
            unsyncedBytes = 0;
          }
        }
        if (round % 20 === 19) rss.push((await stats()).rssKb);
      }
      const end = await waitFor('every datagram', 10_000, async () => {
        const st = await stats();
        return st.counters.received >= sent ? st : undefined;
      });
      const secs = (Date.now() - started) / 1000;
      console.info(`${sent} datagrams (${goodSent} good) in ${secs.toFixed(1)} s = ${Math.round(sent / secs)}/s; RSS every 20 rounds ${rss.join(', ')} kB, peak ${end.hwmKb} kB`);
      expect(end.counters.received).toBe(sent);
      expect(end.goodArrived).toBe(goodSent);
      const want = Object.fromEntries([...expected].filter(([k]) => k !== 'ok').map(([k, v]) => [k, v * rounds]));
      expect(end.counters.hepErrors).toEqual(want);
      expect(end.counters.decoded).toBe(goodSent + (expected.get('ok') ?? 0) * rounds);
      // Bounded: after warm-up (the first 20 rounds) the resident size stops following the count.
      expect(Math.max(...rss.slice(1)) - rss[0]!).toBeLessThan(48 * 1024);
      expect(end.hwmKb).toBeLessThan(256 * 1024);
    } finally {
      s.close();
    }
  }, 180_000);
});
