import { describe, expect, it } from 'vitest';
import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import { renderListenLines } from './cfgListen';
import { renderTcpGlobals, transportAttr } from './cfgTransports';
import { planEngineTables } from './routingPlan';
import { snapshotToEngine } from '../snapshotToEngine';

describe('SIP transports in kamailio.cfg', () => {
  it('keeps the TCP stack off without a TCP or TLS listener, and sets its limits with one', () => {
    expect(renderTcpGlobals([{ address: '127.0.0.1', port: 5060 }])).toBe('disable_tcp=yes');
    const on = renderTcpGlobals([{ address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5060, transport: 'tcp' }]);
    expect(on).toContain('disable_tcp=no');
    expect(on).toContain('tcp_connection_lifetime=3605');
    expect(on).toContain('tcp_accept_no_cl=no');
  });

  it('writes one listen line per socket, UDP and TCP on the same port included', () => {
    expect(renderListenLines([{ address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5060, transport: 'tcp' }, { address: '127.0.0.1', port: 5060 }])).toBe(
      'listen=udp:127.0.0.1:5060\nlisten=tcp:127.0.0.1:5060',
    );
    expect(() => renderListenLines([{ address: '127.0.0.1', port: 5060, transport: 'sctp' as never }])).toThrow('listen.transport: must be udp, tcp or tls');
  });

  it('carries a gateway address transport in its drouting attrs and its probe URI; UDP adds nothing', () => {
    expect(transportAttr('f', undefined)).toBe('');
    expect(transportAttr('f', 'udp')).toBe('');
    expect(transportAttr('f', 'tcp')).toBe(';tr=tcp');
    expect(() => transportAttr('f', 'ws' as never)).toThrow('f: must be udp, tcp or tls');
    const plan = planEngineTables({
      mappingGateways: [],
      routingGateways: [{ name: 'gw', prefixes: [], priority: 0, probe: true, addresses: [{ host: '192.0.2.1', port: 5060, transport: 'tcp' }, { host: '192.0.2.2', port: 5060 }] }],
    });
    expect(plan.drGateways.slice(1).map((g) => [g.address, g.attrs])).toEqual([['192.0.2.1:5060', 'gw;tr=tcp'], ['192.0.2.2:5060', 'gw']]);
    expect(plan.dispatcher.map((d) => d.destination)).toEqual(['sip:192.0.2.1:5060;transport=tcp', 'sip:192.0.2.2:5060']);
  });

  it('refuses a TCP gateway without a TCP listener, naming the field; a disabled one is not checked', () => {
    const snap = (listeners: object[] | undefined, enabled = true) =>
      ConfigSnapshotSchema.parse({
        revision: 1, hash: '0'.repeat(64), ...(listeners && { sipListeners: listeners }),
        routingGateways: [{ name: 'carrier', enabled, addresses: [{ host: '192.0.2.1', transport: 'tcp' }] }],
      });
    const msg = 'routingGateways[carrier].addresses[0].transport: the switch has no TCP listening address to reach this gateway from; add a SIP listener with transport TCP';
    expect(() => snapshotToEngine(snap(undefined))).toThrow(msg);
    expect(() => snapshotToEngine(snap([{ name: 'u', address: '127.0.0.1', port: 5060 }]))).toThrow(msg);
    expect(() => snapshotToEngine(snap(undefined, false))).not.toThrow();
    const ok = snapshotToEngine(snap([{ name: 't', address: '127.0.0.1', port: 5060, transport: 'tcp' }]));
    expect(ok.listen).toEqual([{ address: '127.0.0.1', port: 5060, transport: 'tcp', field: 'sipListeners[t]' }]);
    expect(ok.tables.routingGateways[0]?.addresses).toEqual([{ host: '192.0.2.1', port: 5060, transport: 'tcp' }]);
  });
});
