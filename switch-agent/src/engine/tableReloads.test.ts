import { describe, expect, it } from 'vitest';
import { TABLE_TARGETS } from './enginePlan';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { ReloadCoalescer } from './reloadCoalescer';
import { checkedReload, RELOAD_METHODS, reloadReplyFailure, reloadTables, TableReloadError } from './tableReloads';
import type { RpcCaller } from './tableReloads';
import type { EngineAction } from './types';

/** Answers each method with the queued replies in turn (an Error is sent as a JSON-RPC error). */
class FakeRpc implements RpcCaller {
  readonly calls: string[] = [];
  readonly timeouts: (number | undefined)[] = [];
  constructor(private readonly replies: Record<string, (unknown)[]>) {}
  call(method: string, _params?: unknown[], timeoutMs?: number): Promise<unknown> {
    this.calls.push(method);
    this.timeouts.push(timeoutMs);
    const r = this.replies[method]?.shift();
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  }
}

function setup(replies: Record<string, unknown[]>, addressDeltaMs = 5000) {
  const clock = new FakeClock(1_000_000);
  const rpc = new FakeRpc(replies);
  const coalescers = {
    address: new ReloadCoalescer(checkedReload(() => rpc, RELOAD_METHODS.address), addressDeltaMs, clock),
    drouting: new ReloadCoalescer(checkedReload(() => rpc, RELOAD_METHODS.drouting), 0, clock),
    dispatcher: new ReloadCoalescer(checkedReload(() => rpc, RELOAD_METHODS.dispatcher), 0, clock),
  };
  return { clock, rpc, coalescers };
}

const reload = (target: string): EngineAction => ({ kind: 'table-reload', target, detail: '' });
const both = [reload(TABLE_TARGETS.address), reload(TABLE_TARGETS.drouting), reload(TABLE_TARGETS.subscriber)];
const flush = () => new Promise((r) => setImmediate(r));

describe('reloadReplyFailure', () => {
  it('reads the result texts Kamailio 5.6 sends', () => {
    expect(reloadReplyFailure('reload ok')).toBeNull();
    expect(reloadReplyFailure('Reload OK')).toBeNull();
    expect(reloadReplyFailure(null)).toBeNull();
    expect(reloadReplyFailure('failed to load routing data')).toBe('failed to load routing data');
    expect(reloadReplyFailure(['Reload failed.'])).toBe('Reload failed.');
  });
});

describe('checkedReload', () => {
  it('asks for the reload timeout at each reload, so it follows the table size', async () => {
    const rpc = new FakeRpc({ [RELOAD_METHODS.drouting]: ['reload ok', 'reload ok'] });
    let rows = 0;
    const reload = checkedReload(() => rpc, RELOAD_METHODS.drouting, () => 5000 + rows);
    await reload();
    rows = 20_000;
    await reload();
    expect(rpc.timeouts).toEqual([5000, 25_000]);
  });
});

describe('reloadTables', () => {
  it('succeeds when every reload answers ok, and records each table (subscriber needs no reload)', async () => {
    const { rpc, coalescers } = setup({ [RELOAD_METHODS.address]: ['Reload OK'], [RELOAD_METHODS.drouting]: ['reload ok'] });
    const done: EngineAction[] = [];
    await reloadTables(both, coalescers, done);
    expect(rpc.calls.sort()).toEqual([RELOAD_METHODS.drouting, RELOAD_METHODS.address].sort());
    expect(done.map((a) => a.target).sort()).toEqual([TABLE_TARGETS.address, TABLE_TARGETS.drouting, TABLE_TARGETS.subscriber].sort());
  });

  it('fails naming drouting and Kamailio’s reason when drouting.reload answers "failed to load routing data"', async () => {
    const { coalescers } = setup({ [RELOAD_METHODS.drouting]: ['failed to load routing data'] });
    const done: EngineAction[] = [];
    const e = await reloadTables([reload(TABLE_TARGETS.drouting)], coalescers, done).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(TableReloadError);
    expect((e as TableReloadError).table).toBe('drouting');
    expect((e as Error).message).toBe('reload of drouting failed: Kamailio answered drouting.reload with "failed to load routing data"');
    expect(done).toEqual([]);
  });

  it('fails naming permissions.address when addressReload answers with a JSON-RPC error; the other table still counts as done', async () => {
    const { coalescers } = setup({
      [RELOAD_METHODS.address]: [new Error('kamailio rpc permissions.addressReload: 500 Reload failed.')],
      [RELOAD_METHODS.drouting]: ['reload ok'],
    });
    const done: EngineAction[] = [];
    await expect(reloadTables(both, coalescers, done)).rejects.toThrow(
      'reload of permissions.address failed: kamailio rpc permissions.addressReload: 500 Reload failed.',
    );
    expect(done.map((a) => a.target)).not.toContain(TABLE_TARGETS.address);
    expect(done.map((a) => a.target)).toContain(TABLE_TARGETS.drouting);
  });

  it('names every table when several fail', async () => {
    const { coalescers } = setup({
      [RELOAD_METHODS.address]: [new Error('500 Reload failed.')],
      [RELOAD_METHODS.drouting]: ['failed to load routing data'],
    });
    const e = await reloadTables(both, coalescers, []).then(() => null, (x: unknown) => x as Error);
    expect(e?.message).toMatch(/reload of permissions\.address failed: 500 Reload failed\./);
    expect(e?.message).toMatch(/reload of drouting failed: .*failed to load routing data/);
  });

  it('delivers a deferred, coalesced reload’s failure to every apply merged into it', async () => {
    // The engine's own start-up load counts as the last reload, so both applies wait out the delta
    // and share one addressReload, which fails.
    const { clock, rpc, coalescers } = setup({ [RELOAD_METHODS.address]: ['Reload failed.', 'Reload OK'] });
    coalescers.address.markLoaded();
    const first = reloadTables([reload(TABLE_TARGETS.address)], coalescers, []).then(() => 'ok', (e: Error) => e.message);
    const second = reloadTables([reload(TABLE_TARGETS.address)], coalescers, []).then(() => 'ok', (e: Error) => e.message);
    await flush();
    expect(rpc.calls).toEqual([]);
    clock.advance(5000);
    const failure = 'reload of permissions.address failed: Kamailio answered permissions.addressReload with "Reload failed."';
    expect(await first).toBe(failure);
    expect(await second).toBe(failure);
    expect(rpc.calls).toEqual([RELOAD_METHODS.address]);
    // The next apply gets its own reload, which works.
    const third = reloadTables([reload(TABLE_TARGETS.address)], coalescers, []);
    clock.advance(5000);
    await expect(third).resolves.toBeUndefined();
    expect(rpc.calls).toHaveLength(2);
  });
});
