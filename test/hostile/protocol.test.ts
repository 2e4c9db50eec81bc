// Protocol abuse (what switch-agent/src/rpc/*.test.ts covers in-process) against a real agent
// process WITH its engine: Kamailio and rtpengine running. Every bad frame gets its error and the
// agent keeps serving; afterwards Kamailio is the same process, the configuration the same
// revision with the same hash and history, and a legitimate apply still works. Floods of logs
// subscriptions and half-frames run at the same time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@shared/rpc/protocol';
import type { AgentClient } from '../../electron/core/agent';
import { rssSampler, startAgentProcess, type AgentProcess } from './support/agentProcess';
import { hello, helloClient, latencyProbe, rawClient, type Frame, type RawClient } from './support/rawClient';

const RSS_BOUND_MB = 400;
const LATENCY_BOUND_MS = 3000;

let agent: AgentProcess;
let admin: AgentClient;

beforeAll(async () => {
  agent = await startAgentProcess({ engine: true });
  admin = await agent.client('admin', 'alice');
});

afterAll(async () => {
  await agent?.stop();
});

const code = (f: Frame | undefined) => ((f?.error ?? {}) as { code?: string }).code;

async function engineAndConfig(c: AgentClient) {
  const { engines } = await c.call('engine.status', {});
  const kamailio = engines.find((e) => e.name === 'kamailio');
  const { snapshot } = await c.call('config.get', {});
  const { revisions } = await c.call('config.history', { limit: 1000 });
  return { kamailio: { pid: kamailio?.pid, state: kamailio?.state }, revision: snapshot.revision, hash: snapshot.hash, history: revisions.length };
}

describe('protocol abuse against a real agent with its engine', () => {
  it('answers every bad frame, keeps serving, and leaves the engine and the configuration untouched', async () => {
    const before = await engineAndConfig(admin);
    expect(before.kamailio.state).toBe('running');
    const rss = rssSampler(agent);
    const probe = latencyProbe(admin);
    const clients: RawClient[] = [];
    try {
      // Before hello: anything else is fatal.
      const early = await rawClient(agent.adminSocket);
      early.send({ type: 'req', id: 1, method: 'config.apply', params: {} });
      expect(code(await early.waitFor((f) => f.type === 'error'))).toBe('HELLO_REQUIRED');
      await early.closed;

      const a = await helloClient(agent.adminSocket, 'abuser', 'mallory');
      clients.push(a);
      const expectError = async (raw: string | Buffer, expected: string) => {
        const seen = a.frames.length;
        a.sendRaw(raw);
        const f = await a.waitFor((x) => a.frames.indexOf(x) >= seen && (x.type === 'error' || x.type === 'res'));
        expect(code(f), String(raw).slice(0, 60)).toBe(expected);
      };
      await expectError('this is not json\n', 'PARSE_ERROR');
      await expectError(Buffer.from([0xff, 0xfe, 0x7b, 0x0a]), 'PARSE_ERROR');
      await expectError('{"type":"bogus"}\n', 'INVALID_FRAME');
      await expectError(`${JSON.stringify(hello())}\n`, 'INVALID_FRAME');
      await expectError(`{"type":"req","id":1,"method":"config.get","params":{"x":"${'a'.repeat(1536 * 1024)}"}}\n`, 'FRAME_TOO_LARGE');
      await expectError('{"type":"req","id":2,"method":"no.such.method"}\n', 'METHOD_NOT_FOUND');
      await expectError('{"type":"req","id":3,"method":"config.apply","params":{"baseRevision":"x"}}\n', 'INVALID_PARAMS');
      await expectError('{"type":"req","id":4,"method":"subscribe","params":{"topic":"nope","credit":1}}\n', 'NOT_FOUND');
      await expectError('{"type":"req","id":5,"method":"unsubscribe","params":{"subId":"s999"}}\n', 'NOT_FOUND');
      // A change the catalog refuses is refused whole: no revision.
      const invalid = { baseRevision: before.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 9999 }] };
      await expectError(`${JSON.stringify({ type: 'req', id: 6, method: 'config.apply', params: invalid })}\n`, 'VALIDATION_FAILED');
      // Credit for subscriptions that do not exist, and cancels of unknown ids, are ignored.
      for (let i = 0; i < 1000; i++) a.sendRaw(`{"type":"credit","subId":"s${i}","credit":5}\n{"type":"cancel","id":${i + 100}}\n`);
      // More than maxPendingRequests in one go: the ones past the limit are answered at once.
      const burst = Array.from({ length: LIMITS.maxPendingRequests + 20 }, (_, i) => JSON.stringify({ type: 'req', id: `p${i}`, method: 'config.history', params: { limit: 1000 } }));
      a.sendRaw(`${burst.join('\n')}\n`);
      await a.waitFor((f) => f.type === 'res' && f.id === `p${burst.length - 1}`);
      // Random bytes: errors, never a crash.
      const noise = Buffer.alloc(256 * 1024);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      a.sendRaw(noise);
      a.sendRaw('\n');
      a.send({ type: 'req', id: 'alive', method: 'agent.info', params: {} });
      expect(await a.waitFor((f) => f.type === 'res' && f.id === 'alive')).toHaveProperty('result');

      // The read-only socket cannot change anything.
      const v = await helloClient(agent.viewSocket, 'viewer', 'bob');
      clients.push(v);
      v.send({ type: 'req', id: 1, method: 'config.apply', params: { baseRevision: before.revision, ops: [] } });
      v.send({ type: 'req', id: 2, method: 'engine.restart', params: {} });
      expect(code(await v.waitFor((f) => f.type === 'res' && f.id === 1))).toBe('PERMISSION_DENIED');
      expect(code(await v.waitFor((f) => f.type === 'res' && f.id === 2))).toBe('PERMISSION_DENIED');

      // Meanwhile floods: uncredited logs subscriptions on view.sock, half-frames on admin.sock.
      const flooders = await Promise.all(Array.from({ length: 30 }, () => helloClient(agent.viewSocket, 'f'.repeat(128), 'u'.repeat(128))));
      clients.push(...flooders);
      for (const f of flooders) {
        for (let i = 0; i < LIMITS.maxSubscriptions; i++) f.send({ type: 'req', id: i, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: 0 } });
      }
      const holders = await Promise.all(Array.from({ length: 50 }, () => helloClient(agent.adminSocket)));
      clients.push(...holders);
      for (const h of holders) h.sendRaw(`{"type":"req","id":1,"method":"config.apply","params":{"x":"${'a'.repeat(1024 * 1024 - 64)}`);
      for (const f of flooders) await f.waitFor((x) => x.type === 'res' && x.id === LIMITS.maxSubscriptions - 1);

      // An apply cut off mid-frame, its client gone: nothing is applied.
      for (let i = 0; i < 20; i++) {
        const c = await helloClient(agent.adminSocket, 'cutoff', 'mallory');
        const apply = JSON.stringify({ type: 'req', id: 1, method: 'config.apply', params: { baseRevision: before.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 30 }] } });
        c.sendRaw(apply.slice(0, apply.length - 3));
        c.destroy();
        await c.closed;
      }
    } finally {
      const { maxMs } = await probe.stop();
      const peak = rss.stop();
      console.info(`protocol abuse: peak RSS ${peak.toFixed(0)} MiB, slowest agent.info ${maxMs.toFixed(0)} ms`);
      for (const c of clients) c.destroy();
      expect(agent.alive(), agent.logTail()).toBe(true);
      expect(peak).toBeLessThan(RSS_BOUND_MB);
      expect(maxMs).toBeLessThan(LATENCY_BOUND_MS);
    }
    expect(await engineAndConfig(admin)).toEqual(before);

    // A legitimate apply after all that: exactly one new revision.
    const applied = await admin.call('config.apply', { baseRevision: before.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 30 }] });
    const after = await engineAndConfig(admin);
    expect(after.revision).toBe(applied.revision);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.history).toBe(before.history + 1);
    expect(after.kamailio.state).toBe('running');
  });
});
