// A Kamailio started straight from the rendered cfg, without the agent (call-flow, cdr-ingest):
// where its files go inside the test's folder, the call-control parameters these tests share
// (short INVITE timer, SIP 401/407 challenges answered by sipp, no password gateways), and
// Kamailio and rtpengine started with the agent's command lines, each waited for until it answers.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kamailioArgs, renderKamailioCfg, type KamailioSettings } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import { KamailioRpcClient } from '../../../switch-agent/src/engine/kamailio/rpcClient';
import { rtpengineArgs, type RtpengineArgsInput } from '../../../switch-agent/src/engine/rtpengine/args';
import { NgClient } from '../../../switch-agent/src/engine/rtpengine/ngClient';
import { startGroup, stopGroup, waitFor } from './procs';
import { CALL_CONTROL_DEFAULTS } from '../../../switch-agent/src/engine/kamailio/cfgCallControl';
import { DEFAULT_AUTH_LIMITS } from '../../doubles/agent/authLimits';

/**
 * Renders `dir`/kamailio.cfg for a proxy on `listen` whose media is anchored at the rtpengine on
 * `ngPort` (same address); returns its path and the paths of the files it uses.
 */
export function writeBareCfg(
  o: { dir: string; cdrDir: string; listen: { host: string; port: number }; ngPort: number; authChallengeCode: 401 | 407 },
): { cfgPath: string; paths: KamailioSettings['paths'] } {
  const { dir } = o;
  const settings: KamailioSettings = {
    listen: { address: o.listen.host, port: o.listen.port },
    paths: { rundir: dir, configDb: join(dir, 'engine.sqlite'), cdrDir: o.cdrDir, rpcFifo: join(dir, 'rpc.fifo'), rpcReplyDir: dir, ctlSocket: join(dir, 'ctl.sock') },
    rtpengine: { ngAddress: o.listen.host, ngPort: o.ngPort },
    udpWorkers: 2,
    logLevel: 1,
    params: {
      ...CALL_CONTROL_DEFAULTS,
      replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 60, stopSwitchAfterSdp: true,
      authChallengeCode: o.authChallengeCode, passwordGateways: false, ...DEFAULT_AUTH_LIMITS,
    },
  };
  const cfgPath = join(dir, 'kamailio.cfg');
  writeFileSync(cfgPath, renderKamailioCfg(settings));
  return { cfgPath, paths: settings.paths };
}

/** rtpengine as the agent starts it (rtpengineArgs), in `dir`; resolves once it answers an ng ping. */
export async function startBareRtpengine(dir: string, args: RtpengineArgsInput): Promise<ChildProcess> {
  const proc = startGroup('rtpengine', rtpengineArgs(args), dir);
  const ng = new NgClient({ host: args.ngHost, port: args.ngPort, timeoutMs: 300 });
  try {
    await waitFor(`rtpengine ng ping on ${args.ngHost}:${args.ngPort}`, 10_000, async () => (await ng.ping().then(() => true)));
    return proc;
  } catch (e) {
    await stopGroup(proc);
    throw e;
  }
}

/**
 * Kamailio from a cfg writeBareCfg wrote (`paths` its files), 64 MB shared and 8 MB private memory;
 * resolves with its RPC client once it answers core.version. `onLog` gets its stderr.
 */
export async function startBareKamailio(
  o: { dir: string; cfgPath: string; paths: KamailioSettings['paths']; pidFile?: string; onLog?: (text: string) => void },
): Promise<{ proc: ChildProcess; rpc: KamailioRpcClient }> {
  const proc = startGroup('kamailio', kamailioArgs({ cfgPath: o.cfgPath, pidFile: o.pidFile ?? join(o.dir, 'kamailio.pid'), shmMb: 64, pkgMb: 8 }), o.dir);
  if (o.onLog) proc.stderr?.on('data', (d: Buffer) => o.onLog!(d.toString()));
  const rpc = await KamailioRpcClient.open({ fifoPath: o.paths.rpcFifo, replyDir: o.dir, timeoutMs: 2000 });
  try {
    await waitFor('kamailio RPC', 10_000, async () => (proc.exitCode === null ? ((await rpc.call('core.version')) as string) : undefined));
    return { proc, rpc };
  } catch (e) {
    rpc.close();
    await stopGroup(proc);
    throw e;
  }
}
