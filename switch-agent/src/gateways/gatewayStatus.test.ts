import { describe, expect, it } from 'vitest';
import { GatewayStatusTracker, mappingTrafficIn, parseDispatcherList, type RoutingTarget } from './gatewayStatus';
import { registeredMappings } from './index';

// dispatcher.list as Kamailio 5.6 answers it over jsonrpcs (shortened).
const LIST = {
  NRSETS: 1,
  RECORDS: [{ SET: { ID: 1, TARGETS: [
    { DEST: { URI: 'sip:127.0.0.1:5071', FLAGS: 'AP', PRIORITY: 0 } },
    { DEST: { URI: 'sip:127.0.0.1:5072', FLAGS: 'IP', PRIORITY: 0 } },
    { DEST: { URI: 'sip:127.0.0.1:5073', FLAGS: 'TP', PRIORITY: 0 } },
    { DEST: { URI: 'sip:127.0.0.1:5074', FLAGS: 'DX', PRIORITY: 0 } },
  ] } }],
};

const target = (name: string, ports: number[], probe = true): RoutingTarget => ({
  name, probe, addresses: ports.map((p) => ({ address: `127.0.0.1:${p}`, uri: `sip:127.0.0.1:${p}` })),
});

describe('parseDispatcherList', () => {
  it('reads active and trying as up, inactive and disabled as down', () => {
    expect([...parseDispatcherList(LIST)]).toEqual([
      ['sip:127.0.0.1:5071', 'up'], ['sip:127.0.0.1:5072', 'down'], ['sip:127.0.0.1:5073', 'up'], ['sip:127.0.0.1:5074', 'down'],
    ]);
  });

  it('finds nothing in an answer without destinations', () => {
    expect(parseDispatcherList(null).size).toBe(0);
    expect(parseDispatcherList({ NRSETS: 0 }).size).toBe(0);
  });
});

describe('GatewayStatusTracker', () => {
  const opts = { probeIntervalSec: 1, onlineWindowMs: 60_000 };

  it('is up while one address answers, down when none does, and keeps the time of the change', () => {
    const t = new GatewayStatusTracker(opts);
    const targets = [target('two', [5071, 5072]), target('dead', [5072]), target('plain', [5080], false)];
    t.updateRouting(targets, parseDispatcherList(LIST), 1000);
    t.updateRouting(targets, parseDispatcherList(LIST), 2000);
    const s = t.status(2000).routing;
    expect(s.map((g) => [g.name, g.state, g.since])).toEqual([['two', 'up', 1000], ['dead', 'down', 1000], ['plain', 'unprobed', null]]);
    expect(s[0]!.addresses).toEqual([{ address: '127.0.0.1:5071', state: 'up' }, { address: '127.0.0.1:5072', state: 'down' }]);

    t.updateRouting(targets, new Map([['sip:127.0.0.1:5072', 'up' as const]]), 3000);
    expect(t.status(3000).routing.find((g) => g.name === 'dead')).toMatchObject({ state: 'up', since: 3000 });
  });

  it('reads unknown while the engine does not answer or has not loaded an address yet', () => {
    const t = new GatewayStatusTracker(opts);
    t.updateRouting([target('a', [5071]), target('new', [5099])], null, 1000);
    expect(t.status(1000).routing.map((g) => g.state)).toEqual(['unknown', 'unknown']);
    t.updateRouting([target('new', [5099])], parseDispatcherList(LIST), 2000);
    expect(t.status(2000).routing.map((g) => g.state)).toEqual(['unknown']);
  });

  it('gives the monitor a series per probed gateway and the counts, none for unprobed or unknown ones', () => {
    const t = new GatewayStatusTracker(opts);
    t.setMappingGateways(['m1', 'm2']);
    t.sawMappingTraffic('m1', 500);
    t.updateRouting([target('two', [5071]), target('dead', [5072]), target('plain', [5080], false), target('new', [5099])], parseDispatcherList(LIST), 1000);
    expect(t.series(1000)).toEqual({
      'gw.routing.two.up': 1, 'gw.routing.dead.up': 0,
      'gw.mapping.m1.online': 1, 'gw.mapping.m2.online': 0,
      'gw.status.routing_up': 1, 'gw.status.routing_down': 1, 'gw.status.mapping_online': 1, 'gw.status.mapping_offline': 1,
    });
  });

  it('shows a mapping gateway online while its last call is within the window, then offline', () => {
    const t = new GatewayStatusTracker(opts);
    t.setMappingGateways(['m1']);
    expect(t.mapping(0)).toEqual([{ name: 'm1', state: 'offline', lastSeen: null }]);
    t.sawMappingTraffic('m1', 10_000);
    t.sawMappingTraffic('m1', 5_000);
    expect(t.mapping(70_000)).toEqual([{ name: 'm1', state: 'online', lastSeen: 10_000 }]);
    expect(t.mapping(70_001)).toEqual([{ name: 'm1', state: 'offline', lastSeen: 10_000 }]);
  });
});

describe('mapping gateways online from their registration', () => {
  it('is online while registered, calls or not; offline when not; unknown registrations leave only traffic', () => {
    const t = new GatewayStatusTracker({ probeIntervalSec: 5, onlineWindowMs: 60_000 });
    t.setMappingGateways(['reg', 'quiet']);
    t.setRegistered(new Set(['reg']));
    expect(t.mapping(1000)).toEqual([{ name: 'reg', state: 'online', lastSeen: null, registered: true }, { name: 'quiet', state: 'offline', lastSeen: null, registered: false }]);
    t.setRegistered(null);
    expect(t.mapping(1000)).toEqual([{ name: 'reg', state: 'offline', lastSeen: null }, { name: 'quiet', state: 'offline', lastSeen: null }]);
  });

  it('maps the registrar\'s AoRs (user or user@domain) to the gateways of those accounts, live contacts only', () => {
    const contact = (expires: number | string) => ({ Contact: { Address: 'sip:x@10.0.0.1:5060', Expires: expires, 'Last-Modified': 1_700_000_000, 'Call-ID': 'c' } });
    const dump = { Domains: [{ Domain: { AoRs: [
      { Info: { AoR: 'gwreg', Contacts: [contact(120)] } },
      { Info: { AoR: 'other@example.com', Contacts: [contact(60)] } },
      { Info: { AoR: 'gone', Contacts: [contact('expired')] } },
      { Info: { AoR: '2001', Contacts: [contact(60)] } },
    ] } }] };
    const accounts = new Map([['gwreg', 'mgw-a'], ['other', 'mgw-b'], ['gone', 'mgw-c']]);
    expect([...registeredMappings(dump, accounts, 1_700_000_010_000)].sort()).toEqual(['mgw-a', 'mgw-b']);
  });
});

describe('mappingTrafficIn', () => {
  it('names mapping gateways with calls ended or up in a sample (names may hold dots)', () => {
    expect(mappingTrafficIn({ 'gw.mapping.a.b.attempts': 1, 'gw.mapping.c.active': 2, 'gw.mapping.d.attempts': 0, 'gw.mapping.e.asr': 50, 'gw.routing.f.attempts': 3 }).sort()).toEqual(['a.b', 'c']);
  });
});
