import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bdecode } from '../engine/rtpengine/bencode';
import { addTmStats, KamailioSampler, KamailioStatsMapper, parseKamailioStats } from './kamailioSampler';
import { RtpengineSampler, RtpengineStatsMapper } from './rtpengineSampler';

/** Lines as Kamailio 5.6 answers stats.get_statistics (format captured from the real engine). */
function statsLines(v: { processed: number; active: number; answered: number; inv: number; s503: number; unauth: number; drop: number; sl4: number }) {
  return [
    'core:rcv_requests = 500', `core:rcv_requests_invite = ${v.inv}`, 'core:rcv_requests_bye = 7',
    `dialog:active_dialogs = ${v.active}`, 'dialog:early_dialogs = 2', `dialog:processed_dialogs = ${v.processed}`, 'dialog:failed_dialogs = 3',
    `script:sd_admission_503 = ${v.s503}`, `script:sd_answered = ${v.answered}`, `script:sd_unauth_replied = ${v.unauth}`, `script:sd_unauth_dropped = ${v.drop}`,
    'shmem:real_used_size = 16777216', 'shmem:total_size = 67108864',
    `sl:4xx_replies = ${v.sl4}`, 'sl:2xx_replies = 10',
  ];
}

/** A `tm.stats` answer (format of the real engine). */
const tmStats = (v: { tm2: number; total?: number }) => ({ current: 12, waiting: 3, total: v.total ?? 190, total_local: 90, rpl_received: 5, rpl_generated: 4, rpl_sent: 9, '6xx': 0, '5xx': 0, '4xx': 1, '3xx': 0, '2xx': v.tm2, created: 190, freed: 178, delayed_free: 0 });
const stats = (v: Parameters<typeof statsLines>[0] & { tm2: number; total?: number }) => addTmStats(parseKamailioStats(statsLines(v)), tmStats(v));

describe('Kamailio statistics', () => {
  it('parses both answer formats (get_statistics lines, fetch object)', () => {
    expect(parseKamailioStats(['dialog:active_dialogs = 4', 'shmem:fragments = 1', 'junk']))
      .toEqual(new Map([['dialog:active_dialogs', 4], ['shmem:fragments', 1]]));
    expect(parseKamailioStats({ 'script.sd_answered': '7', 'tmx.UAS_transactions': '3' }))
      .toEqual(new Map([['script:sd_answered', 7], ['tmx:UAS_transactions', 3]]));
  });

  it('maps counters to per-second rates and gauges to levels', () => {
    const m = new KamailioStatsMapper();
    const base = { processed: 100, active: 5, answered: 80, inv: 130, s503: 0, unauth: 4, drop: 9, sl4: 20, tm2: 50 };
    const first = m.map(stats(base), 10_000);
    expect(first['engine.calls.active']).toBe(5);
    expect(first['engine.calls.attempts']).toBeUndefined();
    const v = m.map(stats({ ...base, processed: 120, active: 9, answered: 90, inv: 160, s503: 4, unauth: 6, drop: 19, sl4: 22, tm2: 60, total: 210 }), 12_000);
    expect(v['engine.up']).toBe(1);
    expect(v['engine.calls.active']).toBe(9);
    expect(v['engine.calls.early']).toBe(2);
    // (20 dialogs + 4 refused) over 2 s; re-INVITEs and retransmissions (rcv_requests_invite) are not attempts.
    expect(v['engine.calls.attempts']).toBe(12);
    expect(v['engine.calls.answered']).toBe(5);
    expect(v['engine.calls.refused_admission']).toBe(2);
    expect(v['engine.sip.requests.invite']).toBe(15);
    expect(v['engine.sip.requests.bye']).toBe(0);
    expect(v['engine.sip.replies.4xx']).toBe(1);
    expect(v['engine.sip.replies.2xx']).toBe(5);
    expect(v['engine.sip.unauthorized_replied']).toBe(1);
    expect(v['engine.sip.unauthorized_dropped']).toBe(5);
    expect(v['engine.tm.transactions']).toBe(12);
    expect(v['engine.tm.created']).toBe(10);
    expect(v['engine.shm.used_pct']).toBe(25);
    expect(v['engine.registrations']).toBe(0);
  });

  it('reads calls up per gateway from the htable dumps', async () => {
    const dump = (items: Array<[string, number]>) => items.map(([name, value], i) => ({ entry: i, size: 1, slot: [{ name, value, type: 'int' }] }));
    const answers: Record<string, unknown> = {
      'stats.get_statistics': ['dialog:active_dialogs = 3'],
      'htable.dump:sd_rgw_active': dump([['gw.a', 2], ['gw-b', 1], ['bad name!', 5]]),
      'htable.dump:sd_mgw_active': dump([['mgw', 3]]),
    };
    const rpc = { call: (m: string, p: Array<string | number> = []) => Promise.resolve(answers[m === 'htable.dump' ? `${m}:${String(p[0])}` : m]) };
    const limits = { routing: new Map([['gw.a', 8], ['gw-unused', 5]]), mapping: new Map([['mgw', 4]]) };
    const v = await new KamailioSampler(() => rpc, () => limits).sample(0);
    expect(v).toMatchObject({ 'engine.calls.active': 3, 'gw.routing.gw.a.active': 2, 'gw.routing.gw-b.active': 1, 'gw.mapping.mgw.active': 3 });
    expect(v).toMatchObject({ 'gw.routing.gw.a.capacity_pct': 25, 'gw.mapping.mgw.capacity_pct': 75 });
    expect(v['gw.routing.gw-b.capacity_pct']).toBeUndefined();
    expect(v['gw.routing.gw-unused.capacity_pct']).toBeUndefined();
    expect(Object.keys(v).some((k) => k.includes('bad'))).toBe(false);
  });

  it('a steady reply rate reads steady: transaction counters come from tm.stats, not the tmx copy refreshed every other second', async () => {
    // Kamailio as measured under a steady load of 8 final replies a second: tm's own counter
    // moves every second, tmx's copy of it only when its cache is older than one second.
    let now = 0;
    let cachedAt = -Infinity;
    let cached = 0;
    const live = () => (now / 1000) * 8;
    const rpc = {
      call: (m: string) => {
        if (m === 'tm.stats') return Promise.resolve(tmStats({ tm2: live() }));
        if (m === 'stats.get_statistics') {
          if (now / 1000 > cachedAt / 1000 + 1) {
            cached = live();
            cachedAt = now;
          }
          return Promise.resolve(['sl:2xx_replies = 0', `tmx:2xx_transactions = ${cached}`, `tmx:UAS_transactions = ${cached}`]);
        }
        return Promise.resolve([]);
      },
    };
    const sampler = new KamailioSampler(() => rpc);
    const rates: Array<number | undefined> = [];
    for (; now <= 10_000; now += 1000) rates.push((await sampler.sample(now))['engine.sip.replies.2xx']);
    expect(rates.slice(1)).toEqual(Array.from({ length: 10 }, () => 8));
  });

  it('reports the engine down instead of stale numbers', async () => {
    const failing = new KamailioSampler(() => ({ call: () => Promise.reject(new Error('ENXIO')) }));
    expect(await failing.sample(0)).toEqual({ 'engine.up': 0 });
    expect(await new KamailioSampler(() => null).sample(0)).toEqual({ 'engine.up': 0 });
  });
});

describe('rtpengine statistics', () => {
  const reply = bdecode(readFileSync(path.resolve(__dirname, '../../../test/fixtures/monitor/rtpengine-statistics.bencode'))) as Record<string, unknown>;

  it('reads sessions and free ports from a real rtpengine 10.5 reply', () => {
    const v = new RtpengineStatsMapper().map(reply, 0);
    expect(v).toMatchObject({ 'rtp.up': 1, 'rtp.sessions': 0, 'rtp.ports.free': 101, 'rtp.ports.used_pct': 0 });
  });

  it('turns relayed packet counters into rates', () => {
    const m = new RtpengineStatsMapper();
    const withTotals = (packets: number, errors: number) => ({ statistics: { currentstatistics: { sessionstotal: 3 }, totalstatistics: { relayedpackets: packets, relayedpacketerrors: errors, relayedbytes: packets * 172 } } });
    m.map(withTotals(1000, 0), 0);
    expect(m.map(withTotals(1500, 2), 1000)).toMatchObject({ 'rtp.sessions': 3, 'rtp.packets': 500, 'rtp.errors': 2, 'rtp.bytes': 500 * 172 });
  });

  it('reports rtpengine down when it does not answer', async () => {
    expect(await new RtpengineSampler({ command: () => Promise.reject(new Error('timeout')) }).sample(0)).toEqual({ 'rtp.up': 0 });
  });
});
