import { describe, expect, it } from 'vitest';
import type { FleetRow } from '@shared/rpc/fleetApi';
import type { AgentConnection, ConnectAgent } from '../drafts/agentCaller';
import { RpcError } from '@shared/rpc/errors';
import { sweepFleet } from './fleetStatus';

/** Servers behave by name: "down…" refuses, "mute…" never answers a call, "deaf…" never completes the connect. */
function fakeFleet() {
  const seen = { open: 0, maxOpen: 0, closed: 0 };
  const connect: ConnectAgent = async (serverId) => {
    await new Promise((r) => setTimeout(r, 2));
    if (serverId.startsWith('down')) throw Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:22 (${serverId})`), { code: 'ECONNREFUSED' });
    if (serverId.startsWith('stranger')) throw new RpcError('PERMISSION_DENIED', 'the host key of stranger is not trusted yet', { reason: 'host-key-unknown' });
    if (serverId.startsWith('deaf')) await new Promise<never>(() => {});
    seen.maxOpen = Math.max(seen.maxOpen, ++seen.open);
    const conn = {
      call: async (method: string) => {
        if (serverId.startsWith('mute')) return new Promise<never>(() => {});
        await new Promise((r) => setTimeout(r, 3));
        return method === 'config.history' ? { revisions: [{ revision: 7, status: 'pending' }] } : { engines: [] };
      },
      close: () => {
        seen.open--;
        seen.closed++;
      },
    };
    return conn as unknown as AgentConnection;
  };
  return { connect, seen };
}

describe('sweepFleet (the fleet overview status sweep)', () => {
  it("carries a refused login's precise reason as the code, so the overview can say it in the user's language", async () => {
    const [row] = await sweepFleet(['stranger-1'], fakeFleet().connect, { deadlineMs: 1000 });
    expect(row).toEqual({ serverId: 'stranger-1', status: 'unreachable', error: { code: 'host-key-unknown', message: 'the host key of stranger is not trusted yet' } });
  });

  it('reads every server a bounded number at a time; hanging and refusing servers get rows of their own', async () => {
    const ids = [...Array.from({ length: 10 }, (_, i) => `s${i}`), 'down-1', 'mute-1', 'deaf-1'];
    const { connect, seen } = fakeFleet();
    const early: FleetRow[] = [];
    const rows = await sweepFleet(ids, connect, { concurrency: 4, deadlineMs: 100, onRow: (r) => early.push(r) });
    expect(rows.map((r) => r.serverId)).toEqual(ids);
    expect(rows.slice(0, 10).every((r) => r.status === 'answering' && r.revision === 7 && r.pending)).toBe(true);
    expect(rows[10]).toMatchObject({ status: 'unreachable', error: { message: 'connect ECONNREFUSED 127.0.0.1:22 (down-1)' } });
    expect(rows[11]).toEqual({ serverId: 'mute-1', status: 'not-answering', error: { code: 'not-answering', message: 'the server did not answer within 0.1 s' } });
    expect(rows[12]).toMatchObject({ serverId: 'deaf-1', status: 'not-answering' });
    // Rows were reported as they came: the answering servers before the ones that waited out the deadline.
    const order = early.map((r) => r.status);
    expect(order.lastIndexOf('answering')).toBeLessThan(order.indexOf('not-answering'));
    expect(seen.maxOpen).toBeLessThanOrEqual(4);
    expect(seen.open).toBe(0);
  });
});
