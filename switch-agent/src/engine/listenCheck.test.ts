import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import { describe, expect, it } from 'vitest';
import { planEngineActions } from './enginePlan';
import { checkListenAddresses, type BindProbe } from './listenCheck';
import { snapshotToEngine } from './snapshotToEngine';

const snap = (sipListeners?: { name: string; address: string; port: number }[]) =>
  ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), ...(sipListeners && { sipListeners }) });
const FALLBACK = { address: '127.0.0.1', port: 5060 };

describe('planEngineActions for SIP listening addresses', () => {
  it('restarts Kamailio when the addresses change, and only then', () => {
    const none = snapshotToEngine(snap());
    const two = snapshotToEngine(snap([{ name: 'a', address: '127.0.0.2', port: 5070 }, { name: 'b', address: '127.0.0.3', port: 5070 }]));
    const plan = planEngineActions(none, two, FALLBACK);
    expect(plan[0]).toEqual({ kind: 'restart', target: 'kamailio', detail: 'listen on udp:127.0.0.2:5070, udp:127.0.0.3:5070' });
    expect(plan.filter((a) => a.kind === 'runtime-set')).toEqual([]);
    expect(planEngineActions(two, two, FALLBACK)).toEqual([]);
    // The settings file's own address written as a listener changes nothing on the wire.
    expect(planEngineActions(none, snapshotToEngine(snap([{ name: 'x', ...FALLBACK }])), FALLBACK)).toEqual([]);
    expect(planEngineActions(two, none, FALLBACK)[0]).toMatchObject({ kind: 'restart', detail: 'listen on udp:127.0.0.1:5060' });
  });
});

describe('checkListenAddresses', () => {
  const probe = (refuse: Record<string, string>): { fn: BindProbe; calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      fn: async (address, port, kind) => {
        const key = kind === 'udp' ? `${address}:${port}` : `${kind}:${address}:${port}`;
        calls.push(key);
        const code = refuse[key];
        if (code) throw Object.assign(new Error(code), { code });
      },
    };
  };

  it('names the field of an address the host lacks and of a port another program holds', async () => {
    const p = probe({ '203.0.113.5:0': 'EADDRNOTAVAIL', '127.0.0.2:5070': 'EADDRINUSE' });
    await expect(
      checkListenAddresses([{ field: 'sipListeners[public]', address: '203.0.113.5', port: 5060 }, { field: 'sipListeners[lan]', address: '127.0.0.2', port: 5070 }], [], p.fn),
    ).rejects.toThrow('sipListeners[public].address: 203.0.113.5 is not an address of this server; sipListeners[lan].port: UDP port 5070 on 127.0.0.2 is already used by another program');
  });

  it('does not probe what Kamailio holds now, nor a port it will let go of', async () => {
    const p = probe({ '127.0.0.1:5060': 'EADDRINUSE', '127.0.0.3:5060': 'EADDRINUSE' });
    await checkListenAddresses([{ field: 'a', address: '127.0.0.1', port: 5060 }, { field: 'b', address: '127.0.0.3', port: 5060 }], [{ address: '127.0.0.1', port: 5060 }], p.fn);
    expect(p.calls).toEqual(['127.0.0.3:0']);
  });

  it('probes a TCP or TLS listener with a TCP socket, separately from UDP on the same port', async () => {
    const p = probe({ 'tcp:127.0.0.2:5060': 'EADDRINUSE' });
    await expect(
      checkListenAddresses(
        [{ field: 'u', address: '127.0.0.2', port: 5060 }, { field: 't', address: '127.0.0.2', port: 5060, transport: 'tcp' }, { field: 's', address: '127.0.0.2', port: 5061, transport: 'tls' }],
        [{ address: '127.0.0.2', port: 5060 }],
        p.fn,
      ),
    ).rejects.toThrow(/^t\.port: TCP port 5060 on 127\.0\.0\.2 is already used by another program$/);
    expect(p.calls).toEqual(['tcp:127.0.0.2:0', 'tcp:127.0.0.2:5060', 'tcp:127.0.0.2:0', 'tcp:127.0.0.2:5061']);
  });
});
