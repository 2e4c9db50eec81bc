import { describe, expect, it } from 'vitest';
import { applyOps, diffSnapshots, emptySnapshot, normalizeSnapshot, snapshotErrors } from './index';
import { legacySnapshotHash } from './hash';

const listener = (name: string, address: string, port: number) => ({ op: 'sipListener.upsert' as const, listener: { name, address, port } as never });

describe('SIP listening addresses in the configuration model', () => {
  it('are upserted and deleted by name, and diffed as their own ops', () => {
    const r = applyOps(emptySnapshot(), [listener('public', '203.0.113.5', 5080), listener('private', '10.0.0.5', 5060)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.sipListeners).toEqual([
      { name: 'private', address: '10.0.0.5', port: 5060, notes: '' },
      { name: 'public', address: '203.0.113.5', port: 5080, notes: '' },
    ]);
    expect(snapshotErrors(r.snapshot)).toEqual([]);
    const gone = applyOps(r.snapshot, [{ op: 'sipListener.delete', name: 'private' }]);
    expect(gone.ok && diffSnapshots(r.snapshot, gone.snapshot)).toEqual([{ op: 'sipListener.delete', name: 'private' }]);
  });

  it('refuse a bad address or port naming the field', () => {
    const r = applyOps(emptySnapshot(), [listener('public', '203.0.113.500', 5060), listener('lan', '10.0.0.1', 70000)]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'sipListeners[public].address', message: 'must be an IPv4 address such as 203.0.113.5 (or 0.0.0.0 for every interface)' },
      { path: 'sipListeners[lan].port', message: 'must be from 1 to 65535' },
    ]);
  });

  it('refuse two listeners on one address and port, and 0.0.0.0 beside another address on its port', () => {
    const r = applyOps(emptySnapshot(), [listener('a', '10.0.0.1', 5060), listener('b', '10.0.0.1', 5060), listener('c', '0.0.0.0', 5070), listener('d', '10.0.0.2', 5070)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(snapshotErrors(r.snapshot)).toEqual([
      { path: 'sipListeners[b].port', message: '10.0.0.1 port 5060 is already used by listening address a', reason: { code: 'listener.portTaken', values: { address: '10.0.0.1', port: 5060, other: 'a' } } },
      { path: 'sipListeners[d].port', message: 'listening address c already takes port 5070 on every interface (0.0.0.0)', reason: { code: 'listener.anyTaken', values: { port: 5070, other: 'c' } } },
    ]);
  });

  it('let UDP and TCP share a port, but not TCP and TLS (both are TCP sockets)', () => {
    const tr = (name: string, address: string, port: number, transport: string) => ({ op: 'sipListener.upsert' as const, listener: { name, address, port, transport } as never });
    const r = applyOps(emptySnapshot(), [tr('u', '10.0.0.1', 5060, 'udp'), tr('t', '10.0.0.1', 5060, 'tcp'), tr('s', '10.0.0.1', 5060, 'tls'), tr('any', '0.0.0.0', 5061, 'tls'), listener('x', '10.0.0.2', 5061)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(snapshotErrors(r.snapshot)).toEqual([{ path: 'sipListeners[t].port', message: '10.0.0.1 port 5060 is already used by listening address s', reason: { code: 'listener.portTaken', values: { address: '10.0.0.1', port: 5060, other: 's' } } }]);
    const bad = applyOps(emptySnapshot(), [tr('q', '10.0.0.1', 5060, 'sctp')]);
    expect(bad.ok).toBe(false);
  });

  it('leave the hash of a configuration without listeners as it was, and change it when one is added', () => {
    const empty = emptySnapshot();
    // The golden hashes of the empty configuration (endpoints.test.ts and validate.test.ts hold the same).
    expect(empty.hash).toBe('7670ba855f4d45983b0882a0fdc92010cb84baf9bf9edceb9bca65993f6ff883');
    expect(legacySnapshotHash(empty)).toBe('a199a73fc30589fbf087d52f4e89de041807941fa2b864c9547ebb707a7fc9c4');
    const withEmptyList = normalizeSnapshot({ ...empty, sipListeners: [] });
    expect(withEmptyList.hash).toBe(empty.hash);
    expect('sipListeners' in withEmptyList).toBe(false);
    const r = applyOps(empty, [listener('public', '127.0.0.2', 5070)]);
    expect(r.ok && r.snapshot.hash).not.toBe(empty.hash);
    const back = r.ok ? applyOps(r.snapshot, [{ op: 'sipListener.delete', name: 'public' }]) : r;
    expect(back.ok && back.snapshot.hash).toBe(empty.hash);
  });
});
