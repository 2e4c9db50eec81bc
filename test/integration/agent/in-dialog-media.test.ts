// Hold and unhold through the engine: each re-INVITE (a=sendonly, then a=sendrecv) and its answer
// go through rtpengine, so the caller keeps seeing the anchor's media address, never the
// gateway's (127.0.0.50).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdingCallerXml } from '../engine/gatewayXml';
import { haveBinary, run } from '../engine/procs';
import { CALLER, GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`in-dialog media tests need ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('in-dialog media anchoring (real Kamailio + rtpengine + sipp)', () => {
  let rig: GatewayRig;

  beforeAll(async () => {
    rig = await GatewayRig.start();
    await rig.gateway('holdable', '127.0.0.50', [{ code: 180, pauseMs: 20 }], { answer: true, reinvite: 2 });
    await rig.apply([rig.routing('r93-hold', '93', 1, ['holdable'])]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('anchors the answers to hold and unhold re-INVITEs at rtpengine, like the first answer', async () => {
    const file = join(rig.t.dir, 'holding-caller.xml');
    // rtpengine listens on the SIP address (127.0.0.1): both answers must point there.
    writeFileSync(file, holdingCallerXml(`c=IN IP4 ${rig.t.sip.host.replace(/\./g, '\\.')}\\r?\\n`));
    const r = await run('sipp', ['-sf', file, '-i', CALLER, '-s', '9300001', `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '3', '-timeout', '20s', '-nostdin',
      '-cid_str', 'hold-%u@%s'], rig.t.dir, 25_000);
    expect(r.code, r.output).toBe(0);
    // The gateway really got both re-INVITEs (and answered them with its own address).
    expect(new Set(rig.reached('holdable', 'hold').map((i) => i.callId)).size).toBe(3);
    expect(rig.reached('holdable', 'hold')).toHaveLength(9);
  });
});
