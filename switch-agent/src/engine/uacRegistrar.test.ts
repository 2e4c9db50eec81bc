import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import { UacRegistrar } from './uacRegistrar';
import { UACREG_FALLBACK_RETRY_SEC, UAC_FLAGS, type UacRegConfig, type UacRegRow } from './kamailio/uacReg';

const row = (name: string, over: Partial<UacRegRow> = {}): UacRegRow => ({
  l_uuid: name, l_username: name, l_domain: '192.0.2.1:5060', r_username: 'acct', r_domain: '192.0.2.1:5060', realm: '',
  auth_username: 'acct', auth_password: 'pw', auth_ha1: '', auth_proxy: 'sip:192.0.2.1:5060', expires: 3600, socket: '', contact_addr: '', ...over,
});
const config = (rows: UacRegRow[], over: Partial<UacRegConfig> = {}): UacRegConfig => ({ rows, sendUnregister: true, retryDelaySec: 30, ...over });

/** A Kamailio stand-in: records calls; an unregistration ends its transaction at the next dump. */
function fakeEngine(records: Record<string, { flags: number; timerExpires: number; expires?: number }>) {
  const calls: string[] = [];
  const rpc = {
    call(method: string, params: (string | number)[] = []) {
      calls.push([method, ...params].join(' '));
      if (method === 'uac.reg_dump') {
        const out = Object.entries(records).map(([uuid, r]) => ({ l_uuid: uuid, flags: r.flags, expires: r.expires ?? 3600, timer_expires: r.timerExpires }));
        for (const r of Object.values(records)) r.flags &= ~UAC_FLAGS.ongoing;
        return Promise.resolve(out);
      }
      if (method === 'uac.reg_unregister') records[String(params[1])]!.flags |= UAC_FLAGS.ongoing;
      return Promise.resolve(null);
    },
  };
  return { rpc, calls };
}

function clockAt(ms: number): Clock & { ms: number } {
  return { ms, now() { return this.ms; }, setTimeout: (fn) => setTimeout(fn, 0), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
}

describe('UacRegistrar', () => {
  it('adds new rows, replaces changed ones; unregisters a removed registered record before removing it', async () => {
    const { rpc, calls } = fakeEngine({ a: { flags: UAC_FLAGS.online | UAC_FLAGS.init, timerExpires: 2e9 }, b: { flags: UAC_FLAGS.init, timerExpires: 2e9 } });
    const r = new UacRegistrar(() => rpc, clockAt(1e12));
    await r.sync(config([row('a'), row('b')]), config([row('b', { expires: 300 }), row('c')]));
    expect(calls.filter((c) => c !== 'uac.reg_dump')).toEqual([
      'uac.reg_unregister l_uuid a', 'uac.reg_remove a',
      'uac.reg_remove b', 'uac.reg_add b b 192.0.2.1:5060 acct 192.0.2.1:5060  acct pw . sip:192.0.2.1:5060 300 0 0  .',
      'uac.reg_add c c 192.0.2.1:5060 acct 192.0.2.1:5060  acct pw . sip:192.0.2.1:5060 3600 0 0  .',
    ]);
    await r.shutdown();
  });

  it('with SS_SIP_USER_AGENT_SEND_UNREGISTER Off a removed record is only removed', async () => {
    const { rpc, calls } = fakeEngine({ a: { flags: UAC_FLAGS.online | UAC_FLAGS.init, timerExpires: 2e9 } });
    const r = new UacRegistrar(() => rpc, clockAt(1e12));
    await r.sync(config([row('a')]), config([], { sendUnregister: false }));
    expect(calls.filter((c) => c !== 'uac.reg_dump')).toEqual(['uac.reg_remove a']);
  });

  it('re-enables a failed record once the retry delay has passed since its failure, not before', async () => {
    const failedAt = 1_000_000;
    const { rpc, calls } = fakeEngine({ a: { flags: UAC_FLAGS.init, timerExpires: failedAt + UACREG_FALLBACK_RETRY_SEC } });
    const clock = clockAt((failedAt + 29) * 1000);
    const r = new UacRegistrar(() => rpc, clock);
    r.use(config([row('a')]));
    await r.tick();
    expect(calls).not.toContain('uac.reg_enable l_uuid a');
    clock.ms = (failedAt + 30) * 1000;
    await r.tick();
    expect(calls).toContain('uac.reg_enable l_uuid a');
    await r.shutdown();
  });

  it('at shutdown unregisters the registered records only, and nothing when the parameter is Off', async () => {
    const records = { a: { flags: UAC_FLAGS.online | UAC_FLAGS.init, timerExpires: 2e9 }, b: { flags: UAC_FLAGS.init, timerExpires: 2e9 } };
    const on = fakeEngine(structuredClone(records));
    const r = new UacRegistrar(() => on.rpc, clockAt(1e12));
    r.use(config([row('a'), row('b')]));
    await r.shutdown();
    expect(on.calls.filter((c) => c !== 'uac.reg_dump')).toEqual(['uac.reg_unregister l_uuid a']);
    const off = fakeEngine(structuredClone(records));
    const r2 = new UacRegistrar(() => off.rpc, clockAt(1e12));
    r2.use(config([row('a'), row('b')], { sendUnregister: false }));
    await r2.shutdown();
    expect(off.calls).toEqual([]);
  });

  it('after a Kamailio start adds every record it does not hold', async () => {
    const { rpc, calls } = fakeEngine({ a: { flags: UAC_FLAGS.init, timerExpires: 0 } });
    const r = new UacRegistrar(() => rpc, clockAt(1e12));
    r.use(config([row('a'), row('b', { realm: 'x', auth_password: '', auth_ha1: 'f'.repeat(32) })]));
    await r.restore();
    expect(calls.filter((c) => c !== 'uac.reg_dump')).toEqual([`uac.reg_add b b 192.0.2.1:5060 acct 192.0.2.1:5060 x acct . ${'f'.repeat(32)} sip:192.0.2.1:5060 3600 0 0  .`]);
    await r.shutdown();
  });
});
