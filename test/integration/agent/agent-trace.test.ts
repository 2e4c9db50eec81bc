// Debug trace sessions end to end: one real agent (startAgent with Kamailio + rtpengine and the
// HEP listener), driven through AgentClient connections; sipp places the calls. A call appears in
// a session filtered by its Call-ID with every message in causal order (and its gateway leg in a
// session filtered by the gateway's name); an unknown source's
// INVITE that Kamailio drops (SS_REPLY_UNAUTHORIZED Off) still appears in a session filtered by
// that IP, which shows nothing else; a session stops at its duration; the pcap export opens in
// tshark with the same message count.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { TraceItem } from '@shared/rpc/traceApi';
import type { AgentClient } from '../../../electron/core/agent';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { haveBinary, run, SETTLE_MS, sipRequest, waitFor } from '../engine/procs';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';
import { bareInvite } from './sipProbe';

const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const CALLER = '127.0.0.2';
const GW_OK = '127.0.0.4';
const UNKNOWN = '127.0.0.9';

const missing = ['kamailio', 'sipp', 'rtpengine', 'tshark'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`trace session integration tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)(`trace sessions through the real engine${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let admin: AgentClient;

  async function apply(c: AgentClient, ops: ConfigOpInput[]) {
    const { snapshot } = await c.call('config.get', {});
    return c.call('config.apply', { baseRevision: snapshot.revision, ops });
  }
  /** Subscribes to a session and collects what arrives, drop markers and the end included. */
  async function watch(c: AgentClient, sessionId: string) {
    const got = { items: [] as TraceItem[], dropped: 0, ended: false };
    await c.subscribe('trace', { sessionId }, {
      onItems: (items) => void got.items.push(...items),
      onDropped: (d) => void (got.dropped += d.count ?? Infinity),
      onEnd: () => void (got.ended = true),
    });
    return got;
  }
  const siptraceStatus = async () => JSON.stringify(await (t.agent.engine as KamailioEngineDriver).rpcClient().call('siptrace.status', ['check']));
  const label = (i: TraceItem) => `${i.src.ip}>${i.dst.ip} ${i.method ?? i.status}${i.cseq && i.status ? ` (${i.cseq})` : ''}`;

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const ok = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
    admin = await t.client('admin', 'alice');
    await apply(admin, [
      // A callee dial plan (10 → 44), so the trace shows the number before and after it (issue 12).
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: CALLER }], calleeDialPlan: [{ match: { prefix: '10' }, action: { kind: 'replacePrefix', with: '44' } }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', addresses: [{ host: GW_OK, port: ok }] } },
      { op: 'param.set', name: 'SS_REPLY_UNAUTHORIZED', value: false },
    ]);
  }, 60_000);

  afterAll(async () => {
    await gateways?.stop();
    await t?.stop();
  });

  it('shows a sipp call filtered by its Call-ID with every message in order, and an unknown INVITE dropped but traced in an IP session that shows only that IP', async () => {
    expect(await siptraceStatus(), 'mirroring is off while no session runs').toMatch(/disabled/i);
    const bob = await t.client('admin', 'bob');
    const callId = `trace-call-${process.pid}@switchdeck`;
    const { session: byCall } = await admin.call('trace.start', { filter: { callId } });
    const { session: byIp } = await bob.call('trace.start', { filter: { ips: [UNKNOWN] }, durationSec: 120 });
    expect(await siptraceStatus()).toMatch(/enabled/i);
    const { session: byGateway } = await admin.call('trace.start', { filter: { gateway: 'gw-ok' } });
    // A failed try must not leave mirroring on for the retry and the next tests.
    onTestFinished(async () => {
      await Promise.allSettled([byCall, byGateway].map((s) => admin.call('trace.stop', { sessionId: s.sessionId, discard: true })));
      await bob.close();
    });
    const call = await watch(admin, byCall.sessionId);
    const gw = await watch(admin, byGateway.sessionId);
    const ip = await watch(bob, byIp.sessionId);

    const r = await run('sipp', ['-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-s', '1005550001', `${t.sip.host}:${t.sip.port}`, '-m', '1', '-cid_str', callId, '-timeout', '15s', '-nostdin'], t.dir, 20_000);
    expect(r.code, `${r.output}\n${t.log.text()}`).toBe(0);
    const PROXY = t.sip.host;
    await waitFor('the 200 to BYE towards the caller', SETTLE_MS, () => (call.items.some((i) => i.status === 200 && i.cseq?.endsWith('BYE') && i.dst.ip === CALLER) ? true : undefined));
    const labels = call.items.map(label);
    console.info(`traced call (${call.items.length} messages):\n  ${labels.join('\n  ')}`);
    // Causal order across both legs; retransmissions aside, nothing else has this Call-ID.
    const chain = [
      `${CALLER}>${PROXY} INVITE`, `${PROXY}>${GW_OK} INVITE`, `${GW_OK}>${PROXY} 200 (1 INVITE)`, `${PROXY}>${CALLER} 200 (1 INVITE)`,
      `${CALLER}>${PROXY} ACK`, `${PROXY}>${GW_OK} ACK`, `${CALLER}>${PROXY} BYE`, `${PROXY}>${GW_OK} BYE`, `${GW_OK}>${PROXY} 200 (2 BYE)`, `${PROXY}>${CALLER} 200 (2 BYE)`,
    ];
    // Kamailio mirrors each message from the worker that handled it, so two messages handled by
    // different workers at the same moment (the 200 sent to the caller, the caller's ACK) may reach
    // the agent in either order; the agent puts them back in capture order (a short reorder window).
    let prev: TraceItem | undefined;
    for (const want of chain) {
      const i = labels.indexOf(want);
      expect(i, `${want} in\n${labels.join('\n')}`).toBeGreaterThanOrEqual(0);
      const item = call.items[i]!;
      if (prev) expect(item.n, `${want} after ${label(prev)} in\n${labels.join('\n')}`).toBeGreaterThan(prev.n);
      prev = item;
    }
    expect(call.items.map((i) => i.n)).toEqual(call.items.map((_, k) => k));
    // The dial plan is visible in the trace: the caller's INVITE has the number dialled, the one
    // relayed to the gateway the rewritten number.
    const ruri = (l: string) => /^INVITE sip:([^@;]+)@/.exec(call.items[labels.indexOf(l)]!.raw)?.[1];
    expect(ruri(`${CALLER}>${PROXY} INVITE`)).toBe('1005550001');
    expect(ruri(`${PROXY}>${GW_OK} INVITE`)).toBe('4405550001');
    expect(new Set(call.items.map((i) => i.callId))).toEqual(new Set([callId]));
    expect(new Set(call.items.map((i) => i.dialog))).toEqual(new Set(['d1']));
    // INVITE, its 100 and its 200 towards the caller are one transaction; the BYE leg is another.
    const txn = (l: string) => call.items[labels.indexOf(l)]!.transaction;
    expect(txn(`${PROXY}>${CALLER} 200 (1 INVITE)`)).toBe(txn(`${CALLER}>${PROXY} INVITE`));
    expect(txn(`${CALLER}>${PROXY} BYE`)).not.toBe(txn(`${CALLER}>${PROXY} INVITE`));
    expect(call.dropped).toBe(0);
    // The gateway session: exactly the call's messages on the gateway leg.
    const gwLeg = call.items.filter((i) => i.src.ip === GW_OK || i.dst.ip === GW_OK).map(label);
    await waitFor('the gateway leg in the gateway session', SETTLE_MS, () => (gw.items.length >= gwLeg.length ? true : undefined));
    expect(gw.items.map(label)).toEqual(gwLeg);
    await admin.call('trace.stop', { sessionId: byGateway.sessionId, discard: true });

    // The unknown source gets no answer, yet its INVITE is in the IP session.
    const reply = await sipRequest(UNKNOWN, t.sip, (p) => bareInvite(UNKNOWN, p, t.sip, 'trace-unk'), 1500);
    expect(reply).toBeUndefined();
    await waitFor('the dropped INVITE in the IP session', SETTLE_MS, () => (ip.items.some((i) => i.method === 'INVITE' && i.src.ip === UNKNOWN) ? true : undefined));
    expect(ip.items.every((i) => i.src.ip === UNKNOWN || i.dst.ip === UNKNOWN), ip.items.map(label).join('\n')).toBe(true);
    expect(ip.items.filter((i) => i.src.ip === PROXY)).toEqual([]);

    // Export as pcap, page by page, and read it with tshark: the same messages, in order.
    const pages: Buffer[] = [];
    let from: number | undefined;
    for (;;) {
      const page = await admin.call('trace.export', { sessionId: byCall.sessionId, format: 'pcap', ...(from !== undefined && { from }) });
      pages.push(Buffer.from(page.data, 'base64'));
      if (page.nextFrom === null) break;
      from = page.nextFrom;
    }
    const file = join(t.dir, 'call.pcap');
    writeFileSync(file, Buffer.concat(pages));
    const { session: now } = (await admin.call('trace.list', {})).sessions.map((s) => ({ session: s })).find((s) => s.session.sessionId === byCall.sessionId)!;
    const fields = execFileSync('tshark', ['-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'ip.src', '-e', 'ip.dst'], { encoding: 'utf8' }).trim().split('\n');
    expect(fields).toHaveLength(now.matched);
    expect(fields.map((l) => l.split('\t')[0])).toEqual(Array(now.matched).fill(callId));
    expect(fields.map((l) => l.split('\t').slice(1).join('>'))).toEqual(call.items.map((i) => `${i.src.ip}>${i.dst.ip}`));

    const text = await admin.call('trace.export', { sessionId: byCall.sessionId, format: 'text' });
    expect(text.data.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(now.matched);

    // Stopping both switches mirroring off again.
    await admin.call('trace.stop', { sessionId: byCall.sessionId });
    await bob.call('trace.stop', { sessionId: byIp.sessionId, discard: true });
    await waitFor('siptrace off', SETTLE_MS, async () => ((await siptraceStatus()).match(/disabled/i) ? true : undefined));
  }, 60_000);

  it('stops a session at its duration and ends its subscription; closing the connection discards its sessions', async () => {
    const carol = await t.client('admin', 'carol');
    const { session } = await carol.call('trace.start', { filter: { methods: ['OPTIONS'] }, durationSec: 1 });
    const got = await watch(carol, session.sessionId);
    await waitFor('the end of the session', SETTLE_MS, () => (got.ended ? true : undefined));
    const listed = (await carol.call('trace.list', {})).sessions.find((s) => s.sessionId === session.sessionId);
    expect(listed).toMatchObject({ state: 'stopped', stopReason: 'duration', mine: true });
    await carol.close();
    await waitFor('the session discarded with its connection', SETTLE_MS, async () => ((await admin.call('trace.list', {})).sessions.some((s) => s.sessionId === session.sessionId) ? undefined : true));
    await waitFor('siptrace off', SETTLE_MS, async () => ((await siptraceStatus()).match(/disabled/i) ? true : undefined));
  }, 30_000);

  it('switches mirroring back on when Kamailio restarts while a session runs', async () => {
    const { session } = await admin.call('trace.start', { filter: { ips: [UNKNOWN] }, durationSec: 60 });
    const got = await watch(admin, session.sessionId);
    const before = (await t.kamailio()).pid;
    await admin.call('engine.restart', { target: 'kamailio' });
    await waitFor('a new Kamailio', SETTLE_MS, async () => ((await t.kamailio()).pid !== before && (await t.kamailio()).state === 'running' ? true : undefined));
    await waitFor('siptrace on again', SETTLE_MS, async () => ((await siptraceStatus()).match(/enabled/i) ? true : undefined));
    await sipRequest(UNKNOWN, t.sip, (p) => bareInvite(UNKNOWN, p, t.sip, 'after-restart'), 1500);
    await waitFor('the INVITE sent after the restart', SETTLE_MS, () => (got.items.some((i) => i.method === 'INVITE' && i.raw.includes('after-restart')) ? true : undefined));
    await admin.call('trace.stop', { sessionId: session.sessionId, discard: true });
  }, 30_000);
});
