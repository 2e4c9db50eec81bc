// The bench's hand-written baseline cfg (bench/support/handwritten.kamailio.cfg) is only run by
// `npm run bench -- engineLoad`, which CI does not run: check here that it still fills from the
// rig's settings and that Kamailio accepts it, as the agent checks its own cfg (kamailio -c).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillHandwrittenCfg, handwrittenTemplate } from '../../../bench/support/handwrittenCfg';
import type { KamailioSettings } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import { CALL_CONTROL_DEFAULTS } from '../../../switch-agent/src/engine/kamailio/cfgCallControl';
import { DEFAULT_AUTH_LIMITS } from '../../doubles/agent/authLimits';
import { haveBinary } from './procs';

const dir = mkdtempSync(join(tmpdir(), 'sd-handwritten-'));
const settings: KamailioSettings = {
  listen: { address: '127.0.0.1', port: 5099 },
  paths: { rundir: dir, configDb: join(dir, 'engine.sqlite'), cdrDir: join(dir, 'cdr'), rpcFifo: join(dir, 'rpc.fifo'), rpcReplyDir: dir, ctlSocket: join(dir, 'ctl.sock') },
  rtpengine: { ngAddress: '127.0.0.1', ngPort: 2299, timeoutMs: 500, tries: 2 },
  udpWorkers: 8,
  receiveBufferBytes: 4_194_304,
  logLevel: 1,
  params: { ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 60, stopSwitchAfterSdp: true, authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS },
};

describe('hand-written baseline cfg of the engine load bench', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills every placeholder from the rig settings', () => {
    const cfg = fillHandwrittenCfg(handwrittenTemplate(), settings);
    expect(cfg).not.toMatch(/\{\{/);
    expect(cfg).toContain('children=8\n');
    expect(cfg).toContain('listen=udp:127.0.0.1:5099\n');
    expect(cfg).toContain('"udp:127.0.0.1:2299"');
    expect(cfg).toContain('modparam("rtpengine", "rtpengine_tout_ms", 500)');
    expect(() => fillHandwrittenCfg('x={{NOT_A_SETTING}}', settings)).toThrow(/NOT_A_SETTING/);
  });

  it.skipIf(!haveBinary('kamailio', ['-v']))('is accepted by kamailio -c', () => {
    const file = join(dir, 'handwritten.cfg');
    writeFileSync(file, fillHandwrittenCfg(handwrittenTemplate(), settings));
    expect(() => execFileSync('kamailio', ['-c', '-f', file], { stdio: 'pipe', timeout: 10_000 })).not.toThrow();
  });
});
