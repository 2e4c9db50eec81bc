// A SIP flood while every trace session the agent allows captures everything and none of their
// readers reads: the whole agent process (HEP listener, sessions, subscriptions, RPC) must stay
// within the memory bound of the other attacks, keep serving a well-behaved admin, and report the
// messages its slow readers missed as drops rather than keep them.
//
// The flood is OPTIONS from an unknown source, sent from this process as fast as a paced UDP
// sender goes (a few thousand a second): Kamailio answers each with 403 and mirrors both the
// request and the reply to the agent, so the agent decodes twice the flood's rate in HEP.
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@shared/rpc/protocol';
import type { AgentClient } from '../../electron/core/agent';
import { waitFor } from '../integration/engine/procs';
import { rssSampler, startAgentProcess, type AgentProcess } from './support/agentProcess';
import { helloClient, latencyProbe, type Frame, type RawClient } from './support/rawClient';

const RSS_BOUND_MB = 400;
const LATENCY_BOUND_MS = 3000;
const HEAP_CAP_MB = 256;
const FLOOD_SOURCE = '127.0.0.2';
const FLOOD_SECONDS = 15;
const PER_TICK = 40;
const TICK_MS = 10;
const CONNECTIONS = 4;
const SESSIONS_PER_CONNECTION = 4;

function options(n: number, localPort: number, to: { host: string; port: number }): Buffer {
  return Buffer.from(
    [
      `OPTIONS sip:probe@${to.host}:${to.port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${FLOOD_SOURCE}:${localPort};branch=z9hG4bK-flood-${n}`,
      `From: <sip:flood@${FLOOD_SOURCE}>;tag=f${n}`,
      `To: <sip:probe@${to.host}>`,
      `Call-ID: flood-${n}@${FLOOD_SOURCE}`,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      // Large messages, so that each session reaches its byte cap and must let old ones go.
      `X-Pad: ${'p'.repeat(2000)}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

/** Sends OPTIONS paced at PER_TICK every TICK_MS for `seconds`; answers are read and thrown away. */
async function flood(to: { host: string; port: number }, seconds: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, FLOOD_SOURCE, resolve));
  const port = socket.address().port;
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    for (let i = 0; i < PER_TICK; i++) socket.send(options(sent++, port, to), to.port, to.host);
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  socket.close();
  return sent;
}

describe('trace flood', () => {
  let agent: AgentProcess;
  let admin: AgentClient;
  const readers: RawClient[] = [];

  beforeAll(async () => {
    agent = await startAgentProcess({ engine: true, nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`] });
    admin = await agent.client('admin');
    await waitFor('Kamailio to run', 30_000, async () => {
      const s = await admin.call('engine.status', {});
      return s.engines.find((e) => e.name === 'kamailio')?.state === 'running' ? true : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    for (const r of readers) r.destroy();
    await agent?.stop();
  });

  it(`every trace session open, capturing everything, with readers that never grant credit: a ${FLOOD_SECONDS}-s SIP flood keeps the agent's memory bounded and its drops counted`, async () => {
    // The most sessions the agent allows, each subscribed with no credit at all.
    const sessionIds: string[] = [];
    for (let c = 0; c < CONNECTIONS; c++) {
      const r = await helloClient(agent.adminSocket, `tracer-${c}`, 'tracer');
      readers.push(r);
      for (let s = 0; s < SESSIONS_PER_CONNECTION; s++) {
        const id = c * 100 + s;
        r.send({ type: 'req', id, method: 'trace.start', params: { durationSec: 600, maxMessages: 100_000 } });
        const res = await r.waitFor((f: Frame) => f.type === 'res' && f.id === id);
        const sessionId = (res.result as { session?: { sessionId: string } } | undefined)?.session?.sessionId;
        expect(sessionId, JSON.stringify(res)).toBeTypeOf('string');
        sessionIds.push(sessionId!);
        r.send({ type: 'req', id: id + 50, method: 'subscribe', params: { topic: 'trace', filter: { sessionId }, credit: 0 } });
        await r.waitFor((f: Frame) => f.type === 'res' && f.id === id + 50);
      }
    }
    expect(sessionIds).toHaveLength(CONNECTIONS * SESSIONS_PER_CONNECTION);

    const baselineMb = agent.rssMb();
    const rss = rssSampler(agent);
    const probe = latencyProbe(admin);
    let sent = 0;
    try {
      sent = await flood(agent.sip, FLOOD_SECONDS);
    } finally {
      const { maxMs, calls } = await probe.stop();
      const peakMb = rss.stop();
      console.info(`trace flood: ${sent} OPTIONS in ${FLOOD_SECONDS} s; peak RSS ${peakMb.toFixed(0)} MiB (baseline ${baselineMb.toFixed(0)} MiB), slowest agent.info ${maxMs.toFixed(0)} ms over ${calls} calls`);
      expect(agent.alive(), `the agent died during the flood:\n${agent.logTail()}`).toBe(true);
      expect(peakMb).toBeLessThan(RSS_BOUND_MB);
      expect(maxMs).toBeLessThan(LATENCY_BOUND_MS);
      expect(calls).toBeGreaterThan(0);
    }

    // The sessions saw the flood and held no more than their byte cap. On this 2-core machine the
    // kernel drops part of the mirrored copies at the agent's HEP socket (UDP receive-buffer errors):
    // the ratio is printed, not asserted; the sessions are told how many were lost.
    const { sessions } = await admin.call('trace.list', {});
    const ours = sessions.filter((s) => sessionIds.includes(s.sessionId));
    expect(ours).toHaveLength(sessionIds.length);
    console.info(`trace flood: each session matched ${ours.map((s) => s.matched).join(', ')} of ${2 * sent} mirrored messages; lost at the agent's HEP socket while they ran: ${ours.map((s) => s.lostAtCapture).join(', ')}`);
    for (const s of ours) {
      expect(s.matched, JSON.stringify(s)).toBeGreaterThan(4000);
      // What the kernel dropped at the HEP socket is told to every session: with what matched it
      // accounts for most of what Kamailio mirrored (measured 97%; Kamailio may drop some itself).
      expect(s.matched + (s.lostAtCapture ?? 0), JSON.stringify(s)).toBeGreaterThan(0.5 * 2 * sent);
      expect(s.matched + (s.lostAtCapture ?? 0), JSON.stringify(s)).toBeLessThanOrEqual(2 * sent);
      expect(s.firstHeld, 'oldest messages let go to stay within the byte cap').toBeGreaterThan(0);
    }
    // A reader that grants credit now gets what is still held, after a drop marker for the rest.
    const first = readers[0]!;
    const subFrame = first.frames.find((f) => f.type === 'res' && f.id === 50)!;
    const subId = (subFrame.result as { subId: string }).subId;
    first.send({ type: 'credit', subId, credit: LIMITS.maxCredit });
    const dropped = await first.waitFor((f) => f.type === 'data' && f.subId === subId && typeof f.dropped === 'number', 20_000);
    expect(Number(dropped.dropped)).toBeGreaterThan(0);
  }, 180_000);
});
