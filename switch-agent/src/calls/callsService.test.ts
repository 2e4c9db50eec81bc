import { describe, expect, it } from 'vitest';
import type { CallChange } from '@shared/rpc/callsApi';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { CallsService, type CallsEngine, type CallsRound } from './callsService';
import { PendingChanges } from './callsTopic';

const dialog = (hId: number, state = 4, vars: Record<string, string>[] = []) => ({
  h_entry: 1, h_id: hId, 'call-id': `cid-${hId}`, from_uri: 'sip:100@a', to_uri: 'sip:200@b', state, init_ts: 10, start_ts: 11,
  caller: { tag: `a${hId}` }, callee: { tag: `b${hId}` }, variables: vars,
});

class Engine implements CallsEngine {
  dialogs: unknown[] = [];
  reads = 0;
  ended: string[] = [];
  /** When set, reads wait until the test calls release() (so a read can take time on the fake clock). */
  hold = false;
  private waiting: (() => void)[] = [];
  constructor(readonly clock: FakeClock) {}
  listDialogs(): Promise<unknown> {
    this.reads++;
    const value = this.dialogs;
    if (!this.hold) return Promise.resolve(value);
    return new Promise((r) => this.waiting.push(() => r(value)));
  }
  release(): void {
    for (const w of this.waiting.splice(0)) w();
  }
  endDialog(hEntry: number, hId: number): Promise<void> {
    this.ended.push(`${hEntry}:${hId}`);
    return Promise.resolve();
  }
  queryMedia(): Promise<Record<string, unknown> | null> {
    return Promise.resolve(null);
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe('CallsService', () => {
  it('reads nothing while nobody asks or watches, and shares a fresh read', async () => {
    const clock = new FakeClock(1000);
    const engine = new Engine(clock);
    const s = new CallsService({ engine, clock });
    clock.advance(10_000);
    expect(engine.reads).toBe(0);
    await Promise.all([s.read(), s.read(), s.read()]);
    expect(engine.reads).toBe(1);
    await s.read(500);
    expect(engine.reads).toBe(1);
    clock.advance(501);
    await s.read(500);
    expect(engine.reads).toBe(2);
  });

  it('tells watchers what changed, and spaces reads by four times the read cost', async () => {
    const clock = new FakeClock(0);
    const engine = new Engine(clock);
    const problems: string[] = [];
    const s = new CallsService({ engine, clock, onProblem: (m) => problems.push(m) });
    const rounds: CallsRound[] = [];
    engine.dialogs = [dialog(1, 1), dialog(2), { junk: true }];
    const stop = s.watch((r) => rounds.push(r));
    clock.advance(0);
    await flush();
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.changed.map((c) => [c.id, c.state])).toEqual([['1:1', 'setup'], ['1:2', 'answered']]);
    expect(problems).toEqual(['dlg.list: 1 entries were not dialogs and were left out']);

    engine.dialogs = [dialog(1, 4), dialog(2)];
    engine.hold = true;
    clock.advance(1000);
    clock.advance(400);
    engine.release();
    engine.hold = false;
    await flush();
    expect(rounds[1]!.changed.map((c) => [c.id, c.state])).toEqual([['1:1', 'answered']]);
    // The read took 400 ms: the next waits 1600 ms, not 1000.
    const before = engine.reads;
    clock.advance(1500);
    await flush();
    expect(engine.reads).toBe(before);
    engine.dialogs = [dialog(2)];
    clock.advance(200);
    await flush();
    expect(rounds[2]!.gone).toEqual([{ id: '1:1', callId: 'cid-1' }]);
    // Unchanged reads tell nobody.
    clock.advance(5000);
    await flush();
    expect(rounds).toHaveLength(3);
    stop();
    const reads = engine.reads;
    clock.advance(60_000);
    await flush();
    expect(engine.reads).toBe(reads);
  });

  it('hangs up a current call by its dialog id, and reports an unknown one', async () => {
    const clock = new FakeClock(0);
    const engine = new Engine(clock);
    engine.dialogs = [dialog(7)];
    const s = new CallsService({ engine, clock });
    expect((await s.hangup('1:7'))?.callId).toBe('cid-7');
    expect(engine.ended).toEqual(['1:7']);
    expect(await s.hangup('1:8')).toBeNull();
  });
});

describe('PendingChanges', () => {
  const call = (id: string) => ({ id, callId: `c${id}`, caller: '1', callee: '2', mappingGateway: null, routingGateway: null, routingAddress: null, source: null, state: 'answered' as const, codec: null, startedAt: 0, answeredAt: 0 });

  it('keeps the latest change per call and the marker last', () => {
    const p = new PendingChanges();
    p.add({ at: 1, changed: [call('1:1'), call('1:2')], gone: [], total: 2 });
    p.add({ at: 2, changed: [{ ...call('1:1'), state: 'ending' }], gone: [{ id: '1:2', callId: 'c1:2' }], total: 1 });
    expect(p.size).toBe(3);
    const first: CallChange[] = p.take(1);
    expect(first).toEqual([{ kind: 'call', call: { ...call('1:1'), state: 'ending' } }]);
    expect(p.take(10)).toEqual([{ kind: 'gone', id: '1:2', callId: 'c1:2' }, { kind: 'synced', t: 2, calls: 1 }]);
    expect(p.size).toBe(0);
  });
});
