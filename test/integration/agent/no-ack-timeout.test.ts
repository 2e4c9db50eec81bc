// A call whose caller never ACKs the answer, with no limit of its own: the dialog module's no-ACK
// timeout (noack_timeout 32 s, looked for every 90 s, then 10 s more; cfgCallDuration.ts) must end
// it with a BYE on both legs, and the call record must say "no-ack". call-duration.test.ts proves
// the same ending for unACKed calls that reach a limit first, in CI.
//
// Long (the module's 90 s sweep: up to ~135 s), so not in CI's run: SWITCHDECK_LONG_TESTS=1
// npm run test:integration -- test/integration/agent/no-ack-timeout.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldCallerXml, requestsInLog } from '../engine/gatewayXml';
import { freeUdpPort, haveBinary, run, waitFor } from '../engine/procs';
import { CALLER, GatewayRig } from './gatewayRig';

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
const long = process.env.SWITCHDECK_LONG_TESTS === '1';

describe.skipIf(missing.length > 0 || !long)('no-ACK timeout (real Kamailio + sipp, long)', () => {
  let rig: GatewayRig;

  beforeAll(async () => {
    rig = await GatewayRig.start();
    // The gateway keeps resending its 200 (sipp would give up after 5 resends and send its own BYE).
    await rig.gateway('no-ack', '127.0.0.50', [{ code: 180, pauseMs: 20 }], { answer: true, noSdp: true, ackOptional: true }, { sippArgs: ['-max_retrans', '100'] });
    await rig.apply([rig.routing('r92-no-ack', '92', 1, ['no-ack'])]);
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('ends an unACKed call without a limit 42 to 135 s after the answer, BYE on both legs, recorded as no-ack', async () => {
    const file = join(rig.t.dir, 'caller-na.xml');
    writeFileSync(file, heldCallerXml({ noAck: true, byeWithinMs: 150_000 }));
    const log = join(rig.t.dir, 'caller-na.log');
    const r = await run('sipp', [
      '-sf', file, '-i', CALLER, '-p', String(await freeUdpPort(CALLER)), '-s', '9200001', `${rig.t.sip.host}:${rig.t.sip.port}`, '-m', '1',
      '-timeout', '160s', '-nostdin', '-cid_str', 'na-%u@%s', '-trace_msg', '-message_file', log,
    ], rig.t.dir, 165_000);
    expect(r.code, r.output.slice(-2000)).toBe(0);
    const row = await waitFor('the call record', 20_000, () => rig.t.cdrs('9200001')[0]);
    console.info(`no ACK, no limit: ended ${row.duration.toFixed(2)} s after the answer`);
    expect(row.ended_by).toBe('no-ack');
    expect(row.duration).toBeGreaterThanOrEqual(41);
    expect(row.duration).toBeLessThan(135);
    expect(requestsInLog(readFileSync(log, 'utf8'), 'BYE').length).toBeGreaterThan(0);
    expect(rig.reached('no-ack', 'na', 'BYE').length).toBeGreaterThan(0);
    expect(rig.reached('no-ack', 'na', 'ACK')).toEqual([]);
  }, 200_000);
});
