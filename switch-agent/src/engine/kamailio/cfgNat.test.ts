import { describe, expect, it } from 'vitest';
import { snapshotToEngine } from '../snapshotToEngine';
import { runtimeSets } from '../enginePlan';
import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import { NAT_CFG_VARS, NAT_DEFAULTS, natCfgVarValues } from './cfgNat';
import { renderKamailioCfg } from './renderCfg';

const snap = (params: Record<string, unknown> = {}) => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), params });

describe('NAT cfg variables', () => {
  it('map the catalog defaults: 3600 s / 300 s lifetimes, HELLO every 30 s in rounds of 3000 every 500 ms, media On', () => {
    expect(natCfgVarValues(snapshotToEngine(snap()).params)).toEqual({
      endpointExpireSec: 3600, endpointNatExpireSec: 300, keepAliveMessage: Buffer.from('HELLO').toString('hex'),
      keepAlivePeriodSec: 30, keepAliveIntervalMs: 500, keepAliveBatch: 3000, mediaBehindNat: 1,
    });
    expect(natCfgVarValues({})).toEqual(natCfgVarValues(NAT_DEFAULTS));
  });

  it('carry the keep-alive text hex-encoded, so quotes and backslashes never reach the cfg; empty stays empty', () => {
    const p = snapshotToEngine(snap({ SS_SIP_NAT_KEEP_ALIVE_MESSAGE: 'a"b\\c' })).params;
    expect(natCfgVarValues(p).keepAliveMessage).toBe('6122625c63');
    const cfg = renderKamailioCfg({ ...minimalSettings(), params: p });
    expect(cfg).toContain(`switchdeck.${NAT_CFG_VARS.keepAliveMessage} = "6122625c63" desc`);
    expect(cfg).not.toContain('a"b');
    expect(natCfgVarValues({ keepAliveMessage: '' }).keepAliveMessage).toBe('');
  });

  it('refuse values out of range or text the catalog would not accept, naming the field', () => {
    expect(() => natCfgVarValues({ endpointNatExpireSec: 59 })).toThrow(/params\.endpointNatExpireSec/);
    expect(() => natCfgVarValues({ keepAliveBatch: 0 })).toThrow(/params\.keepAliveBatch/);
    expect(() => natCfgVarValues({ keepAliveMessage: 'line\nbreak' })).toThrow(/params\.keepAliveMessage/);
    expect(() => natCfgVarValues({ keepAliveMessage: 'x'.repeat(65) })).toThrow(/params\.keepAliveMessage/);
  });

  it('change at run time: only the changed variables are set, the text with its string value', () => {
    const a = snapshotToEngine(snap()).params;
    const b = snapshotToEngine(snap({ SS_SIP_NAT_KEEP_ALIVE_MESSAGE: 'PING', SS_ENDPOINT_NAT_EXPIRE: 120 })).params;
    expect(runtimeSets(a, b)).toEqual([
      { name: NAT_CFG_VARS.endpointNatExpireSec, value: 120 },
      { name: NAT_CFG_VARS.keepAliveMessage, value: Buffer.from('PING').toString('hex') },
    ]);
  });
});

function minimalSettings() {
  return {
    listen: { address: '127.0.0.1', port: 5060 },
    paths: { rundir: '/run/k', configDb: '/var/lib/k/c.db', cdrDir: '/var/lib/k/cdr', rpcFifo: '/run/k/fifo', rpcReplyDir: '/run/k/replies', ctlSocket: '/run/k/ctl.sock' },
    rtpengine: { ngAddress: '127.0.0.1', ngPort: 2223 },
    udpWorkers: 2,
    logLevel: 1,
  };
}
