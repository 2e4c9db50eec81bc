import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CDR_MIGRATIONS } from '../cdr/migrations';
import { runMigrations } from '../store/migrate';
import { GatewaySampler } from './gatewaySampler';
import { GatewayWindow } from './gatewayWindow';

function cdrDb() {
  const db = new Database(':memory:');
  runMigrations(db, CDR_MIGRATIONS);
  const insert = db.prepare('INSERT INTO cdrs(start_time, end_time, duration, call_id, mapping_gateway, routing_gateway, sip_code) VALUES (0, 0, ?, ?, ?, ?, ?)');
  let n = 0;
  const call = (rgw: string | null, mgw: string | null, code: number, duration = 0) => insert.run(duration, `c${++n}`, mgw, rgw, code);
  return { db, call };
}

describe('GatewayWindow', () => {
  it('computes ASR and ACD over the window and forgets calls that left it', () => {
    const w = new GatewayWindow(10_000, 3);
    w.add({ gateway: 'a', answered: true, duration: 30 }, 0);
    w.add({ gateway: 'a', answered: false, duration: 0 }, 5_000);
    expect(w.take(5_000).get('a')).toEqual({ attempts: 2, answered: 1, windowCalls: 2, asr: 50, acd: 30 });
    w.add({ gateway: 'a', answered: true, duration: 10 }, 20_000);
    expect(w.take(20_000).get('a')).toEqual({ attempts: 1, answered: 1, windowCalls: 3, asr: (2 / 3) * 100, acd: 20 });
    // 30 s later the first bucket left the 3 × 10 s window.
    expect(w.take(30_000).get('a')).toEqual({ attempts: 0, answered: 0, windowCalls: 1, asr: 100, acd: 10 });
    expect(w.take(60_000).has('a')).toBe(false);
  });
});

describe('GatewaySampler', () => {
  it('counts new call records per routing and mapping gateway, not the ones before start', () => {
    const { db, call } = cdrDb();
    call('old', 'm', 200, 99);
    const s = new GatewaySampler(db);
    call('gw-a', 'm1', 200, 10);
    call('gw-a', 'm1', 486);
    call('gw-a', 'm1', 200, 20);
    call(null, 'm1', 404);
    const v = s.sample(1_000);
    expect(v['gw.routing.gw-a.attempts']).toBe(3);
    expect(v['gw.routing.gw-a.answered']).toBe(2);
    expect(v['gw.routing.gw-a.asr']).toBeCloseTo(200 / 3);
    expect(v['gw.routing.gw-a.acd']).toBe(15);
    expect(v['gw.mapping.m1.attempts']).toBe(4);
    expect(v['gw.mapping.m1.asr']).toBe(50);
    expect(v['gw.routing.gw-a.calls_window']).toBe(3);
    expect(v['gw.mapping.m1.calls_window']).toBe(4);
    expect(Object.keys(v).some((k) => k.includes('old'))).toBe(false);
    const next = s.sample(2_000);
    expect(next['gw.routing.gw-a.attempts']).toBe(0);
    expect(next['gw.routing.gw-a.asr']).toBeCloseTo(200 / 3);
    expect(next['gw.routing.gw-a.acd']).toBe(15);
  });

  it('gives no ACD to a gateway that answered nothing', () => {
    const { db, call } = cdrDb();
    const s = new GatewaySampler(db);
    call('gw-b', null, 503);
    const v = s.sample(0);
    expect(v['gw.routing.gw-b.asr']).toBe(0);
    expect(v['gw.routing.gw-b.acd']).toBeUndefined();
  });
});
