import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { ServerSchema, type ServerInput } from '@shared/rpc/hostApi';
import { openHostDb } from '../db/openHostDb';
import { ServerRegistry } from './serverRegistry';
import { DEFAULT_AGENT_SOCKET, agentSocketFor, type ServerRecordInput } from './serverSchema';

function registry(): ServerRegistry {
  let n = 0;
  let t = Date.parse('2025-01-01T00:00:00Z');
  return new ServerRegistry(openHostDb({ memory: true }), { newId: () => `id-${++n}`, now: () => new Date((t += 1000)) });
}

const sofia: ServerRecordInput = { name: 'sofia-1', group: 'EU', host: '192.0.2.1', username: 'ops', auth: { kind: 'key', keyPath: '/home/ops/.ssh/id_ed25519' } };

/** The field paths a VALIDATION_FAILED error names. */
function failedPaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (RpcError.is(err, 'VALIDATION_FAILED')) return (err.data as { errors: { path: string }[] }).errors.map((e) => e.path);
    throw err;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('ServerRegistry CRUD', () => {
  it('adds with defaults, gets, lists in group order, updates and removes', () => {
    const r = registry();
    const a = r.add(sofia);
    expect(a).toMatchObject({ id: 'id-1', port: 22, role: 'admin', notes: '', agentSocketPath: DEFAULT_AGENT_SOCKET, group: 'EU' });
    const b = r.add({ name: 'lab', host: 'lab.example.net', username: 'root', auth: { kind: 'keyboard-interactive' } });
    expect(r.list().map((s) => s.name)).toEqual(['lab', 'sofia-1']);
    const u = r.update(a.id, { ...sofia, port: 2222, role: 'view', auth: { kind: 'agent' } });
    expect(u).toMatchObject({ port: 2222, role: 'view', auth: { kind: 'agent' }, createdAt: a.createdAt });
    expect(u.updatedAt > a.updatedAt).toBe(true);
    expect(r.get(a.id)).toEqual(u);
    r.remove(b.id);
    expect(r.get(b.id)).toBeUndefined();
    expect(() => r.remove(b.id)).toThrow(/no saved server with id id-2/);
    expect(() => r.update('nope', sofia)).toThrow(RpcError);
  });

  it('accepts every valid HostApi ServerInput unchanged', () => {
    const hostInput: ServerInput = { name: 'x', host: 'h', username: 'u', auth: { kind: 'password' }, role: 'view' };
    const s = registry().add(hostInput);
    const { agentSocketPath: _a, createdAt: _c, updatedAt: _u, ...hostShape } = s;
    expect(ServerSchema.parse(hostShape)).toEqual(hostShape);
  });

  it('names the bad field in validation errors', () => {
    const r = registry();
    expect(failedPaths(() => r.add({ ...sofia, port: 70000 }))).toEqual(['port']);
    expect(failedPaths(() => r.add({ ...sofia, auth: { kind: 'key', keyPath: '' } }))).toEqual(['auth.keyPath']);
    expect(failedPaths(() => r.add({ ...sofia, agentSocketPath: 'run/agent.sock' }))).toEqual(['agentSocketPath']);
    expect(failedPaths(() => r.add({ ...sofia, name: '', host: '' }))).toEqual(['name', 'host']);
    expect(failedPaths(() => r.add({ ...sofia, extra: 1 } as unknown as ServerRecordInput))).toEqual(['(root)']);
  });

  it('keeps names unique ignoring case, on add and on update', () => {
    const r = registry();
    const a = r.add(sofia);
    expect(failedPaths(() => r.add({ ...sofia, name: 'SOFIA-1' }))).toEqual(['name']);
    const b = r.add({ ...sofia, name: 'sofia-2' });
    expect(failedPaths(() => r.update(b.id, { ...sofia, name: 'Sofia-1' }))).toEqual(['name']);
    expect(r.update(a.id, { ...sofia, name: 'Sofia-1' }).name).toBe('Sofia-1');
  });

  it('derives the view socket from the socket folder', () => {
    expect(agentSocketFor({ role: 'admin', agentSocketPath: DEFAULT_AGENT_SOCKET })).toBe(DEFAULT_AGENT_SOCKET);
    expect(agentSocketFor({ role: 'view', agentSocketPath: DEFAULT_AGENT_SOCKET })).toBe('/run/switch-agent/view.sock');
    expect(agentSocketFor({ role: 'view', agentSocketPath: '/var/run/sa/admin.sock' })).toBe('/var/run/sa/view.sock');
  });
});

describe('ServerRegistry groups', () => {
  it('creates groups on first use with the existing spelling, keeps empty groups', () => {
    const r = registry();
    r.add(sofia);
    const b = r.add({ ...sofia, name: 'sofia-2', group: 'eu' });
    expect(b.group).toBe('EU');
    expect(r.createGroup('  Asia ')).toBe('Asia');
    expect(r.groups()).toEqual(['Asia', 'EU']);
    expect(failedPaths(() => r.createGroup('   '))).toEqual(['name']);
  });

  it('rename moves the servers; delete leaves them ungrouped', () => {
    const r = registry();
    const a = r.add(sofia);
    r.add({ ...sofia, name: 'us-1', group: 'US' });
    expect(r.renameGroup('eu', 'Europe')).toBe('Europe');
    expect(r.get(a.id)?.group).toBe('Europe');
    expect(failedPaths(() => r.renameGroup('Europe', 'us'))).toEqual(['to']);
    expect(r.renameGroup('Europe', 'EUROPE')).toBe('EUROPE');
    expect(r.get(a.id)?.group).toBe('EUROPE');
    expect(r.deleteGroup('europe')).toBe(1);
    expect(r.get(a.id)?.group).toBe('');
    expect(r.groups()).toEqual(['US']);
    expect(() => r.deleteGroup('Europe')).toThrow(/no group named/);
    expect(() => r.renameGroup('Mars', 'x')).toThrow(/no group named/);
  });
});

describe('ServerRegistry import / export', () => {
  it('round-trips through JSON into an empty registry, ids and groups included', () => {
    const r = registry();
    r.add(sofia);
    r.add({ name: 'lab', host: 'lab', username: 'u', auth: { kind: 'agent' }, notes: 'bench', agentSocketPath: '/srv/sa/admin.sock' });
    r.createGroup('Empty');
    const doc = JSON.parse(JSON.stringify(r.exportDocument())) as unknown;
    const target = registry();
    const report = target.importDocument(doc);
    expect(report.ok).toBe(true);
    const strip = (list: ReturnType<ServerRegistry['list']>) => list.map(({ createdAt: _c, updatedAt: _u, ...s }) => s);
    expect(strip(target.list())).toEqual(strip(r.list()));
    expect(target.groups()).toEqual(['Empty', 'EU']);
  });

  it('all-or-nothing: one bad entry or duplicate refuses the whole document, naming each field', () => {
    const r = registry();
    r.add(sofia);
    const doc = {
      format: 'switchdeck-servers',
      version: 1,
      exportedAt: '2025-01-01T00:00:00Z',
      servers: [
        { name: 'new-1', host: 'h', username: 'u', auth: { kind: 'password' } },
        { name: 'bad', host: 'h', username: 'u', port: 0, auth: { kind: 'key' } },
        { ...sofia, name: 'SOFIA-1' },
        { name: 'new-1', host: 'h2', username: 'u', auth: { kind: 'agent' } },
      ],
    };
    const report = r.importDocument(doc);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.path)).toEqual(['servers[1].port', 'servers[1].auth.keyPath', 'servers[2].name', 'servers[3].name']);
    expect(r.list().map((s) => s.name)).toEqual(['sofia-1']);
  });

  it('skip-duplicates imports the rest and lists what it skipped; invalid entries still refuse all', () => {
    const r = registry();
    const a = r.add(sofia);
    const doc = {
      format: 'switchdeck-servers',
      version: 1,
      exportedAt: '2025-01-01T00:00:00Z',
      servers: [
        { name: 'renamed', id: a.id, host: 'h', username: 'u', auth: { kind: 'password' } },
        { name: 'fresh', host: 'h', username: 'u', auth: { kind: 'password' } },
        { name: 'Fresh', host: 'h', username: 'u', auth: { kind: 'password' } },
      ],
    };
    const report = r.importDocument(doc, 'skip-duplicates');
    expect(report.ok).toBe(true);
    expect(report.imported.map((s) => s.name)).toEqual(['fresh']);
    expect(report.skipped.map((s) => [s.index, s.name])).toEqual([[0, 'renamed'], [2, 'Fresh']]);
    const bad = r.importDocument({ ...doc, servers: [...doc.servers, { name: 'x' }] }, 'skip-duplicates');
    expect(bad.ok).toBe(false);
    expect(bad.errors.map((e) => e.path)).toEqual(['servers[3].host', 'servers[3].username', 'servers[3].auth']);
    expect(r.list()).toHaveLength(2);
  });

  it('refuses documents of another format or version', () => {
    const r = registry();
    expect(r.importDocument({ format: 'switchdeck-config', version: 1, exportedAt: '2025-01-01T00:00:00Z', servers: [] }).errors.map((e) => e.path)).toEqual(['format']);
    expect(r.importDocument({ format: 'switchdeck-servers', version: 2, exportedAt: '2025-01-01T00:00:00Z', servers: [] }).errors.map((e) => e.path)).toEqual(['version']);
    expect(r.importDocument('nonsense').ok).toBe(false);
  });
});
