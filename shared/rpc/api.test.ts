import { describe, expect, it } from 'vitest';
import { RESERVED_METHODS } from './protocol';
import { RPC_ERROR_CODES } from './errors';
import { AGENT_ERROR_DATA, AGENT_METHODS, AgentMethodSchema, isAgentMethod, type AgentParams } from './agentApi';
import { AGENT_EVENTS, AGENT_TOPICS } from './events';
import { HOST_EVENTS, HOST_METHODS } from './hostApi';
import { applyOps, emptySnapshot, legacySnapshotHash, snapshotHash } from '../config';
import { redactSnapshot } from '../model/redact';

describe('agent API table', () => {
  it('names only known error codes and no connection-level method', () => {
    for (const [name, spec] of Object.entries(AGENT_METHODS)) {
      expect(RESERVED_METHODS as readonly string[]).not.toContain(name);
      expect(name).not.toBe('hello');
      for (const code of spec.errors) expect(RPC_ERROR_CODES).toContain(code);
    }
    for (const code of Object.keys(AGENT_ERROR_DATA)) expect(RPC_ERROR_CODES).toContain(code);
  });

  it('marks exactly the state-changing methods as mutating', () => {
    const mutating = Object.entries(AGENT_METHODS).filter(([, s]) => s.mutating).map(([n]) => n).sort();
    // trace.export changes nothing but hands out raw SIP (credentials in headers): admin only too.
    // alerts.acknowledge records who saw an alert: a viewer cannot mark alerts seen for the admins.
    expect(mutating).toEqual(['alerts.acknowledge', 'calls.hangup', 'config.apply', 'config.confirm', 'config.import', 'config.rollback', 'engine.restart', 'firewall.block', 'firewall.unblock', 'registrations.liftSuspension', 'registrations.remove', 'tls.install', 'trace.export', 'trace.start', 'trace.stop']);
  });

  it('refuses a config.import document whose hash does not match its content, naming the field', () => {
    const applied = applyOps(emptySnapshot(), [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 12 }]);
    if (!applied.ok) throw new Error('fixture ops must apply');
    const snapshot = redactSnapshot(applied.snapshot);
    const document = { format: 'switchdeck-config', version: 1, exportedAt: '2026-01-01T00:00:00Z', snapshot };
    const schema = AGENT_METHODS['config.import'].params;
    expect(schema.safeParse({ document, baseRevision: 0 }).success).toBe(true);
    const tampered = { ...document, snapshot: { ...snapshot, params: { SS_SIP_TIMEOUT_INVITE: 30 } } };
    const r = schema.safeParse({ document: tampered, baseRevision: 0 });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['document.snapshot.hash', `does not match the document's content (the content hashes to ${snapshotHash(tampered.snapshot as never)}): the document was changed after export or is damaged`],
    ]);
    // Exported before hash scheme 2: its scheme-1 hash is still accepted, and still checked.
    const older = { ...document, snapshot: { ...snapshot, hash: legacySnapshotHash(snapshot as never) } };
    expect(older.snapshot.hash).not.toBe(snapshot.hash);
    expect(schema.safeParse({ document: older, baseRevision: 0 }).success).toBe(true);
    const olderTampered = { ...older, snapshot: { ...older.snapshot, params: { SS_SIP_TIMEOUT_INVITE: 30 } } };
    expect(schema.safeParse({ document: olderTampered, baseRevision: 0 }).success).toBe(false);
  });

  it('validates config.apply params, including the confirmation window and op shapes', () => {
    const ok: AgentParams<'config.apply'> = { baseRevision: 3, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 12 }], confirmWithinSec: 60 };
    expect(AGENT_METHODS['config.apply'].params.safeParse(ok).success).toBe(true);
    expect(AGENT_METHODS['config.apply'].params.safeParse({ ...ok, confirmWithinSec: 5 }).success).toBe(false);
    expect(AGENT_METHODS['config.apply'].params.safeParse({ ...ok, ops: [{ op: 'firewall.nuke' }] }).success).toBe(false);
    expect(AGENT_METHODS['config.apply'].params.safeParse({ ...ok, extra: true }).success).toBe(false);
  });

  it('refuses a config.get result that carries a secret value', () => {
    const snapshot = { revision: 1, hash: 'b'.repeat(64), params: {}, routingGateways: [], mappingGateways: [{ name: 'm', authMode: 'password', username: 'u', password: { set: true, value: 'x' } }] };
    expect(AGENT_METHODS['config.get'].result.safeParse({ snapshot, status: 'confirmed' }).success).toBe(false);
    snapshot.mappingGateways[0]!.password = { set: true } as never;
    expect(AGENT_METHODS['config.get'].result.safeParse({ snapshot, status: 'confirmed' }).success).toBe(true);
  });

  it('knows its method names', () => {
    expect(isAgentMethod('config.get')).toBe(true);
    expect(isAgentMethod('toString')).toBe(false);
    expect(AgentMethodSchema.safeParse('engine.restart').success).toBe(true);
    expect(AgentMethodSchema.safeParse('subscribe').success).toBe(false);
  });
});

describe('events and topics', () => {
  it('parse minimal payloads and apply trace defaults', () => {
    expect(AGENT_EVENTS['config.changed'].safeParse({ revision: 2, hash: 'c'.repeat(64), author: { user: 'ops', role: 'admin' }, kind: 'apply', status: 'pending' }).success).toBe(true);
    expect(AGENT_METHODS['trace.start'].params.parse({ filter: { callId: 'abc' } })).toMatchObject({ durationSec: 600, maxMessages: 10000 });
    expect(AGENT_METHODS['trace.start'].params.safeParse({ durationSec: 7200 }).success).toBe(false);
    expect(AGENT_TOPICS.trace.params.parse({ sessionId: 'tr-1' })).toEqual({ sessionId: 'tr-1', from: 'start' });
    expect(AGENT_TOPICS.monitor.item.safeParse({ t: 1, step: 1, values: { 'sys.cpu.total': 12.5 } }).success).toBe(true);
    expect(AGENT_TOPICS.monitor.item.safeParse({ t: 1, step: 1, values: { 'CPU Total': 1 } }).success).toBe(false);
  });
});

describe('host API table', () => {
  it('restricts agent.call to agent methods', () => {
    const p = HOST_METHODS['agent.call'].params;
    expect(p.safeParse({ serverId: 's1', method: 'config.get', params: {} }).success).toBe(true);
    expect(p.safeParse({ serverId: 's1', method: 'shell.exec', params: {} }).success).toBe(false);
  });

  it('describes connection outcomes, including host key prompts', () => {
    const r = HOST_METHODS['servers.connect'].result;
    expect(r.safeParse({ status: 'hostKeyPrompt', hostKeyPrompt: { promptId: 'p1', host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprintSha256: `SHA256:${'A'.repeat(43)}`, kind: 'changed' } }).success).toBe(true);
    expect(r.safeParse({ status: 'hostKeyPrompt', hostKeyPrompt: { promptId: 'p1', host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprintSha256: 'MD5:aa', kind: 'unknown' } }).success).toBe(false);
    expect(HOST_EVENTS['connection.state'].safeParse({ serverId: 's1', state: 'connected', since: '2025-01-01T00:00:00Z' }).success).toBe(true);
  });

  it('reports per-server fleet push results', () => {
    const r = HOST_METHODS['drafts.fleetPush'].result.safeParse({
      results: [
        { serverId: 'a', outcome: 'applied', revision: 4, hash: 'd'.repeat(64), warnings: [] },
        { serverId: 'b', outcome: 'conflict', conflicts: [{ path: 'params.SS_SIP_TIMEOUT_INVITE', base: 10, mine: 12, theirs: 15 }], currentRevision: 9 },
        { serverId: 'c', outcome: 'failed', code: 'TIMEOUT', message: 'no answer from c within 30 s' },
      ],
    });
    expect(r.success).toBe(true);
  });
});
