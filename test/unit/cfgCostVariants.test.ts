import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_VARIANTS } from '../../bench/support/cfgCostVariants';
import { renderKamailioCfg } from '../../switch-agent/src/engine/kamailio/renderCfg';
import type { KamailioSettings } from '../../switch-agent/src/engine/kamailio/renderCfg';
import { CALL_CONTROL_DEFAULTS } from '../../switch-agent/src/engine/kamailio/cfgCallControl';
import { cfgFeatures } from '../../switch-agent/src/engine/kamailio/cfgFeatures';
import { DEFAULT_AUTH_LIMITS } from '../doubles/agent/authLimits';

// bench/cfgRouteCost.bench.ts cuts pieces out of the generated cfg by text. A route edited since
// makes a variant throw (its text is gone) or, worse, leave a cfg that does not parse (an emptied
// if-block), which the bench only finds after minutes of load: both are caught here.
const dir = mkdtempSync(join(tmpdir(), 'sd-cost-variants-'));
const tables = { mappingGateways: [{ name: 'mgw-load', ips: [{ ip: '127.0.0.2' }] }], routingGateways: [{ name: 'gw-load', prefixes: [], priority: 1, addresses: [{ host: '127.0.0.3', port: 5090 }] }] };
const settings: KamailioSettings = {
  listen: { address: '127.0.0.1', port: 5060 },
  paths: { rundir: dir, configDb: join(dir, 'engine.sqlite'), cdrDir: dir, rpcFifo: join(dir, 'rpc.fifo'), rpcReplyDir: dir, ctlSocket: join(dir, 'ctl.sock') },
  rtpengine: { ngAddress: '127.0.0.1', ngPort: 22222 },
  udpWorkers: 4,
  logLevel: 1,
  params: { ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 60, stopSwitchAfterSdp: true, authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS, ...cfgFeatures(tables, {}) },
};
const generated = renderKamailioCfg(settings);
const kamailio = spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).status === 0;

describe('cfg cost variants (bench/support/cfgCostVariants.ts)', () => {
  for (const v of ALL_VARIANTS) {
    it(`${v.name} finds its text and changes the cfg`, () => {
      expect(v.patch(generated)).not.toBe(generated);
    });
  }

  it.runIf(kamailio)('every variant leaves a cfg that kamailio -c accepts', () => {
    try {
      for (const v of ALL_VARIANTS) {
        const file = join(dir, `${v.name}.cfg`);
        writeFileSync(file, v.patch(generated));
        const r = spawnSync('kamailio', ['-c', '-f', file], { encoding: 'utf8' });
        expect(`${v.name}: ${r.status === 0 ? 'ok' : r.stderr.split('\n').filter((l) => /error/i.test(l)).join('\n')}`).toBe(`${v.name}: ok`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
