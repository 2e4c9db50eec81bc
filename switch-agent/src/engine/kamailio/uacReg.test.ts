import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '@shared/model/snapshot';
import {
  AUTO_REQUEST_EXPIRES_SEC, parseUacRegDump, recordView, retryDue, uacRegActions, uacRegChanges, uacRegConfig, UACREG_FALLBACK_RETRY_SEC, UAC_FLAGS,
} from './uacReg';

function snap(params: Record<string, unknown>, registration: Record<string, unknown>, extra: Record<string, unknown> = {}, sipListeners?: unknown[]): ConfigSnapshot {
  return ConfigSnapshotSchema.parse({
    revision: 1, hash: '0'.repeat(64), params, ...(sipListeners && { sipListeners }),
    routingGateways: [
      { name: 'carrier-a', addresses: [{ host: '192.0.2.7', port: 5070 }], registration: { enabled: true, username: 'acct', password: { set: true, value: 'pw' }, ...registration }, ...extra },
      { name: 'plain', addresses: [{ host: '192.0.2.8' }] },
    ],
  });
}

describe('uacRegConfig', () => {
  it('one row per enabled registration, to the first address; Auto asks for 3600 s', () => {
    const c = uacRegConfig(snap({}, {}));
    expect(c).toMatchObject({ sendUnregister: true, retryDelaySec: 60 });
    expect(c.rows).toEqual([{
      l_uuid: 'carrier-a', l_username: 'carrier-a', l_domain: '192.0.2.7:5070', r_username: 'acct', r_domain: '192.0.2.7:5070', realm: '',
      auth_username: 'acct', auth_password: 'pw', auth_ha1: '', auth_proxy: 'sip:192.0.2.7:5070', expires: AUTO_REQUEST_EXPIRES_SEC,
      socket: '', contact_addr: '',
    }]);
  });

  it('a TCP or TLS first address registers over it, from the first listener of that transport, with a Contact naming it', () => {
    const listeners = [
      { name: 'u', address: '198.51.100.1', port: 5060 },
      { name: 't', address: '198.51.100.1', port: 5070, transport: 'tcp' },
      { name: 's', address: '198.51.100.1', port: 5061, transport: 'tls' },
    ];
    for (const transport of ['tcp', 'tls'] as const) {
      const row = uacRegConfig(snap({}, {}, { addresses: [{ host: '192.0.2.7', port: 5070, transport }, { host: '192.0.2.9' }] }, listeners)).rows[0]!;
      const at = transport === 'tcp' ? '198.51.100.1:5070' : '198.51.100.1:5061';
      expect(row).toMatchObject({ auth_proxy: `sip:192.0.2.7:5070;transport=${transport}`, socket: `${transport}:${at}`, contact_addr: `${at};transport=${transport}`, r_domain: '192.0.2.7:5070' });
    }
    // A TLS registrar without a TLS listener: refused naming the field.
    expect(() => uacRegConfig(snap({}, {}, { addresses: [{ host: '192.0.2.7', port: 5061, transport: 'tls' }] }, listeners.slice(0, 2)))).toThrow(
      'routingGateways[carrier-a].addresses[0].transport: the switch has no TLS listening address to register from',
    );
    // Every interface (0.0.0.0) cannot be a Contact: a specific address is used, else refused.
    const anyTcp = { name: 'any', address: '0.0.0.0', port: 5080, transport: 'tcp' };
    const tcpGw = { addresses: [{ host: '192.0.2.7', port: 5070, transport: 'tcp' }] };
    expect(uacRegConfig(snap({}, {}, tcpGw, [anyTcp, ...listeners])).rows[0]!.socket).toBe('tcp:198.51.100.1:5070');
    expect(() => uacRegConfig(snap({}, {}, tcpGw, [anyTcp]))).toThrow('the switch\'s TCP listening address is 0.0.0.0 (every interface)');
  });

  it('a fixed SS_SIP_USER_AGENT_EXPIRE is asked for; the gateway expiry overrides it', () => {
    expect(uacRegConfig(snap({ SS_SIP_USER_AGENT_EXPIRE: 120 }, {})).rows[0]!.expires).toBe(120);
    expect(uacRegConfig(snap({ SS_SIP_USER_AGENT_EXPIRE: 120 }, { expirySec: 600 })).rows[0]!.expires).toBe(600);
  });

  it('with a realm only the digest is stored, not the password', () => {
    const row = uacRegConfig(snap({}, { realm: 'carrier.example' })).rows[0]!;
    expect(row.auth_password).toBe('');
    expect(row.auth_ha1).toBe(createHash('md5').update('acct:carrier.example:pw').digest('hex'));
  });

  it('leaves out disabled gateways and registrations; names the field of a missing username', () => {
    expect(uacRegConfig(snap({}, {}, { enabled: false })).rows).toEqual([]);
    expect(uacRegConfig(snap({}, { enabled: false })).rows).toEqual([]);
    expect(() => uacRegConfig(snap({}, { username: '' }))).toThrow('routingGateways[carrier-a].registration.username: required');
  });

  it('reads the retry delay and the unregistration switch', () => {
    expect(uacRegConfig(snap({ SS_SIP_USER_AGENT_RETRY_DELAY: 30, SS_SIP_USER_AGENT_SEND_UNREGISTER: false }, {}))).toMatchObject({ retryDelaySec: 30, sendUnregister: false });
  });
});

describe('uacRegChanges / uacRegActions', () => {
  const a = uacRegConfig(snap({}, {}));
  it('refreshes a changed expiry in place; a new registrar removes the old binding first', () => {
    const fixed = uacRegConfig(snap({ SS_SIP_USER_AGENT_EXPIRE: 300 }, {}));
    expect(uacRegChanges(a.rows, fixed.rows)).toEqual({ refresh: ['carrier-a'], remove: [] });
    const moved = uacRegConfig(snap({}, {}, { addresses: [{ host: '192.0.2.9' }] }));
    expect(uacRegChanges(a.rows, moved.rows)).toEqual({ refresh: ['carrier-a'], remove: ['carrier-a'] });
    // Another transport is another binding (Contact and registrar address change): the old one goes first.
    const overTcp = uacRegConfig(snap({}, {}, { addresses: [{ host: '192.0.2.7', port: 5070, transport: 'tcp' }] }, [{ name: 't', address: '198.51.100.1', port: 5070, transport: 'tcp' }]));
    expect(uacRegChanges(a.rows, overTcp.rows)).toEqual({ refresh: ['carrier-a'], remove: ['carrier-a'] });
    expect(uacRegChanges(a.rows, [])).toEqual({ refresh: [], remove: ['carrier-a'] });
    expect(uacRegChanges(a.rows, a.rows)).toEqual({ refresh: [], remove: [] });
  });

  it('plans a row load only when rows change, and the agent settings only when they change', () => {
    expect(uacRegActions(a, a)).toEqual([]);
    const retry = uacRegConfig(snap({ SS_SIP_USER_AGENT_RETRY_DELAY: 30 }, {}));
    expect(uacRegActions(a, retry).map((x) => x.target)).toEqual(['agent.outbound-registrations']);
    expect(uacRegActions(a, { ...a, rows: [] }).map((x) => x.target)).toEqual(['uac.uacreg']);
    expect(JSON.stringify(uacRegActions(null, a))).not.toContain('"pw"');
  });
});

describe('record states from uac.reg_dump', () => {
  const now = 1_000_000;
  const rec = (flags: number, timerExpires: number, expires = 3600) => ({ uuid: 'g', flags, expires, timerExpires });

  it('parses the dump and skips what it cannot read', () => {
    expect(parseUacRegDump([{ l_uuid: 'g', flags: 20, expires: 60, timer_expires: 5 }, { l_uuid: 1 }, null])).toEqual([{ uuid: 'g', flags: 20, expires: 60, timerExpires: 5 }]);
    expect(parseUacRegDump(null)).toEqual([]);
  });

  it('registered until the granted expiry; registering while a transaction runs; unregistered at Expires 0', () => {
    expect(recordView(rec(UAC_FLAGS.online | UAC_FLAGS.init, now + 25), now, 30)).toMatchObject({ state: 'registered', expiresAt: now + 25 });
    expect(recordView(rec(UAC_FLAGS.ongoing | UAC_FLAGS.init, now), now, 30).state).toBe('registering');
    expect(recordView(rec(UAC_FLAGS.init, now + 5, 0), now, 30).state).toBe('unregistered');
    expect(recordView(rec(0, 0), now, 30).state).toBe('waiting');
  });

  it('a failure is dated from the fallback interval; the retry is due exactly the delay later, once', () => {
    const failed = rec(UAC_FLAGS.init, now - 10 + UACREG_FALLBACK_RETRY_SEC);
    expect(recordView(failed, now, 30)).toMatchObject({ state: 'failed', failedAt: now - 10, nextAttemptAt: now + 20 });
    expect(retryDue(failed, now, 30)).toBe(false);
    expect(retryDue(failed, now + 19, 30)).toBe(false);
    expect(retryDue(failed, now + 20, 30)).toBe(true);
    // After uac.reg_enable the record is due at the module's next walk: not due again.
    expect(retryDue(rec(UAC_FLAGS.init, now + 21), now + 20, 30)).toBe(false);
    expect(recordView(rec(UAC_FLAGS.init, now + 21), now + 20, 30).state).toBe('waiting');
  });
});
