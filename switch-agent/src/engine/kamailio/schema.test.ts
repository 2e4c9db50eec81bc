import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLE_VERSIONS, writeEngineTables } from './schema';
import { planEngineTables } from './routingPlan';
import type { EngineTablesInput } from './routingPlan';

const input: EngineTablesInput = {
  mappingGateways: [
    { name: 'zeta', ips: [{ ip: '10.0.0.9', port: 5062 }] },
    { name: 'alpha', ips: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] },
  ],
  routingGateways: [
    { name: 'cheap', prefixes: ['44'], priority: 1, addresses: [{ host: '192.0.2.1', port: 5060 }] },
    { name: 'uk-mobile', prefixes: ['447'], priority: 5, addresses: [{ host: '192.0.2.7', port: 5060 }, { host: 'gw.example.net', port: 5080 }] },
    { name: 'premium', prefixes: ['44'], priority: 9, addresses: [{ host: '192.0.2.9', port: 5060 }] },
    { name: 'default', prefixes: [''], priority: 0, addresses: [{ host: '192.0.2.100', port: 5060 }] },
  ],
};

describe('planEngineTables', () => {
  it('gives mapping gateways stable groups (sorted by name) and IP+port rows', () => {
    const plan = planEngineTables(input);
    expect([...plan.mappingGroups]).toEqual([['alpha', 1], ['zeta', 2]]);
    expect(plan.address).toEqual([
      { grp: 1, ip_addr: '10.0.0.1', mask: 32, port: 0, tag: '0:alpha' },
      { grp: 1, ip_addr: '10.0.0.2', mask: 32, port: 0, tag: '0:alpha' },
      { grp: 2, ip_addr: '10.0.0.9', mask: 32, port: 5062, tag: '0:zeta' },
    ]);
  });

  it('orders failover by longest prefix, then LOWER priority first, then into shorter prefixes', () => {
    const plan = planEngineTables(input);
    const gw = (id: string) => plan.drGateways.find((g) => g.gwid === Number(id))?.address;
    const rule = (prefix: string) => plan.drRules.find((r) => r.prefix === prefix)?.gwlist.split(',').map(gw);
    expect(rule('447')).toEqual(['192.0.2.7:5060', 'gw.example.net:5080', '192.0.2.1:5060', '192.0.2.9:5060', '192.0.2.100:5060']);
    expect(rule('44')).toEqual(['192.0.2.1:5060', '192.0.2.9:5060', '192.0.2.100:5060']);
    expect(rule('')).toEqual(['192.0.2.100:5060']);
    expect(plan.drGateways.find((g) => g.address === '192.0.2.7:5060')?.attrs).toBe('uk-mobile');
  });

  it('is independent of input order', () => {
    const reversed = { mappingGateways: [...input.mappingGateways].reverse(), routingGateways: [...input.routingGateways].reverse() };
    const a = planEngineTables(input);
    const b = planEngineTables(reversed);
    expect(b.address).toEqual(a.address);
    expect(b.drGateways).toEqual(a.drGateways);
    expect(b.drRules).toEqual(a.drRules);
  });

  it.each([
    [{ mappingGateways: [{ name: 'a', ips: [{ ip: '10.0.0' }] }], routingGateways: [] }, /^mappingGateways\["a"\]\.ips\[0\]\.ip: /],
    [{ mappingGateways: [{ name: 'a\nb', ips: [] }], routingGateways: [] }, /^mappingGateways\["a\\nb"\]\.name: /],
    [{ mappingGateways: [{ name: 'a', ips: [] }, { name: 'a', ips: [] }], routingGateways: [] }, /^mappingGateways: duplicate/],
    [{ mappingGateways: [], routingGateways: [{ name: 'r', prefixes: ['12a'], priority: 0, addresses: [{ host: '1.2.3.4', port: 5060 }] }] }, /^routingGateways\["r"\]\.prefixes\[0\]: /],
    [{ mappingGateways: [], routingGateways: [{ name: 'r', prefixes: ['1'], priority: 0, addresses: [{ host: 'bad host', port: 5060 }] }] }, /^routingGateways\["r"\]\.addresses\[0\]\.host: /],
    [{ mappingGateways: [], routingGateways: [{ name: 'r', prefixes: ['1'], priority: 0, addresses: [] }] }, /^routingGateways\["r"\]\.addresses: /],
  ])('rejects invalid input naming the field (%#)', (bad, re) => {
    expect(() => planEngineTables(bad as EngineTablesInput)).toThrow(re);
  });
});

describe('writeEngineTables', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('creates the tables with their version rows in WAL mode and replaces rows atomically', () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-schema-'));
    const db = new Database(join(dir, 'engine.sqlite'));
    writeEngineTables(db, input);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = Object.fromEntries(
      (db.prepare('SELECT table_name, table_version FROM version').all() as { table_name: string; table_version: number }[]).map((r) => [r.table_name, r.table_version]),
    );
    expect(versions).toEqual(TABLE_VERSIONS);
    expect(db.prepare('SELECT count(*) AS n FROM dr_rules').get()).toEqual({ n: 3 });

    // An invalid input leaves the previous rows in place.
    expect(() => writeEngineTables(db, { mappingGateways: [{ name: 'x', ips: [{ ip: 'nope' }] }], routingGateways: [] })).toThrow();
    expect(db.prepare('SELECT count(*) AS n FROM address').get()).toEqual({ n: 3 });

    writeEngineTables(db, { mappingGateways: [], routingGateways: [] });
    expect(db.prepare('SELECT count(*) AS n FROM address').get()).toEqual({ n: 0 });
    // Only the no-route sentinel remains, referenced by the catch-all rule.
    expect(db.prepare('SELECT attrs FROM dr_gateways').all()).toEqual([{ attrs: '!no-route' }]);
    expect(db.prepare('SELECT prefix, gwlist FROM dr_rules').all()).toEqual([{ prefix: '', gwlist: '1' }]);
    db.close();
  });
});
