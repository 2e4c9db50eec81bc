import { describe, expect, it } from 'vitest';
import { snapshotToEngine } from '../snapshotToEngine';
import { runtimeSets } from '../enginePlan';
import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import { NAT_CFG_VARS, NAT_DEFAULTS, natCfgVarValues } from './cfgNat';
import { renderCfgSource, renderKamailioCfg } from './renderCfg';

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

describe('NAT routes by the transports the switch listens on', () => {
  const params = snapshotToEngine(snap()).params;
  const streams = renderCfgSource({ ...minimalSettings(), params, listen: [{ address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5060, transport: 'tcp' }] });
  const udpOnly = renderCfgSource({ ...minimalSettings(), params });
  /** The route with the preprocessor's choice applied, as Kamailio reads it. */
  const preprocessed = (cfg: string, head: string) => {
    const defined = /^#!define SD_STREAMS$/m.test(cfg);
    const at = cfg.indexOf(`${head} {`);
    const text = cfg.slice(at, cfg.indexOf('\n}\n', at));
    let keep = true;
    return text.split('\n').filter((l) => {
      if (l === '#!ifdef SD_STREAMS') { keep = defined; return false; }
      if (l === '#!else') { keep = !defined; return false; }
      if (l === '#!endif') { keep = true; return false; }
      return keep;
    }).join('\n');
  };

  it('tests the transport of a request only when TCP or TLS is on', () => {
    expect(streams).toMatch(/^#!define SD_STREAMS$/m);
    expect(udpOnly).not.toMatch(/^#!define SD_STREAMS$/m);
    expect(preprocessed(streams, 'route[NAT_DETECT]')).toContain('if ($pr == "udp") {');
    expect(preprocessed(streams, 'route[NAT_DETECT]')).toContain('nat_uac_test("3")');
    const udp = preprocessed(udpOnly, 'route[NAT_DETECT]');
    expect(udp).not.toContain('$pr');
    // The Contact test (1) for INVITE and REGISTER only; every other request gets the Via tests (2, 16) and rport.
    expect(udp).toMatch(/\$var\(sd_nat\) = 0;\n\tif \(is_method\("INVITE\|REGISTER"\)\) \{\n\t\tif \(nat_uac_test\("19"\)\) \{\n\t\t\t\$var\(sd_nat\) = 1;\n\t\t\tforce_rport\(\);\n\t\t\}\n\t\} else if \(nat_uac_test\("18"\)\) \{\n\t\t\$var\(sd_nat\) = 1;\n\t\tforce_rport\(\);/);
    const tcp = preprocessed(streams, 'route[NAT_DETECT]');
    expect(tcp).toMatch(/\} else if \(is_method\("INVITE\|REGISTER"\)\) \{\n\t\tif \(nat_uac_test\("3"\)\) \{\n\t\t\t\$var\(sd_nat\) = 1;\n\t\t\}\n\t\} else if \(nat_uac_test\("2"\)\) \{/);
    expect(tcp).toMatch(/if \(\$pr == "udp"\) \{\n\t\tif \(is_method\("INVITE\|REGISTER"\)\) \{\n\t\t\tif \(nat_uac_test\("19"\)\)[^]*\} else if \(nat_uac_test\("18"\)\) \{/);
    // A caller over TCP/TLS is reached back over its connection, NAT or not; over UDP only a NATed one needs NAT_CALLER.
    expect(preprocessed(streams, 'request_route')).toMatch(/if \(\$var\(sd_nat\) == 1 \|\| \$pr != "udp"\) \{\n\t\troute\(NAT_CALLER\);/);
    expect(preprocessed(udpOnly, 'request_route')).toMatch(/if \(\$var\(sd_nat\) == 1\) \{\n\t\troute\(NAT_CALLER\);/);
  });

  it('leaves a keep-alive tick between cycles after reading the clock, before the text and the rounds', () => {
    const tick = preprocessed(udpOnly, 'route[NAT_KEEPALIVE]');
    const exit = tick.indexOf('if ($shv(ka_pos) < 0 && $shv(ka_cs) != 0 && $var(elapsed) < $var(period)) {\n\t\treturn;');
    expect(exit).toBeGreaterThan(tick.indexOf('$var(elapsed) = '));
    expect(exit).toBeLessThan(tick.indexOf('if ($shv(ka_cs) == 0 || $var(elapsed) >= $var(period)) {'));
    expect(exit).toBeLessThan(tick.indexOf('s.decode.hexa'));
    expect(exit).toBeLessThan(tick.indexOf('route(NAT_KEEPALIVE_ROUND);'));
  });

  it('sends a NATed caller\'s media to its source address by a flag the next gateway\'s offer reads too', () => {
    const caller = preprocessed(udpOnly, 'route[NAT_CALLER]');
    expect(caller).toContain('fix_nated_contact();');
    expect(caller).toMatch(/if \(\$var\(sd_nat\) == 1 && \$sel\(cfg_get\.switchdeck\.media_nat\) == 1\) \{\n\t\tsetflag\(FLT_NAT_MEDIA\);/);
    expect(udpOnly).not.toContain('sd_nat_media');
    expect(udpOnly).toMatch(/^#!define FLT_NAT_MEDIA 4$/m);
    expect(udpOnly.match(/^#!define FLT_\w+ 4$/gm)).toHaveLength(1);
    const offer = preprocessed(udpOnly, 'route[MEDIA_OFFER]');
    expect(offer).toMatch(/if \(isflagset\(FLT_NAT_MEDIA\)\) \{\n\t\t\t\$var\(mflags\) = \$var\(mflags\) \+ " SIP-source-address";\n\t\t\}\n\t\tif \(!rtpengine_offer\("\$var\(mflags\)"\)\)/);
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
