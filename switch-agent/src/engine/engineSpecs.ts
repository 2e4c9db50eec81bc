// What the driver starts the engines with: their command lines (sized for the host and the
// configuration, engineSizing.ts / engineCapacity.ts) and the settings kamailio.cfg is rendered
// from. Pure: the driver passes the state they depend on.
import type { EnginePaths } from './engineFiles';
import type { KamailioEngineOptions } from './driverOptions';
import { effectiveListen } from './enginePlan';
import { sizedShmMb } from './engineCapacity';
import type { CapacityNeeds } from './engineCapacity';
import { pkgMbFor } from './engineSizing';
import type { EngineSizing, TableLoad } from './engineSizing';
import { kamailioArgs } from './kamailio/renderCfg';
import type { KamailioSettings, KamailioSystemParams } from './kamailio/renderCfg';
import { rtpengineArgs } from './rtpengine/args';
import type { EngineConfig } from './snapshotToEngine';
import type { ProcessSpec } from './supervisor';
import type { TlsPaths } from './tlsFiles';

/** Where rtpengine's ng control port listens (Kamailio and the agent reach it there). */
export const NG_HOST = '127.0.0.1';

export function rtpengineSpec(o: KamailioEngineOptions, sizing: EngineSizing): ProcessSpec {
  return {
    command: o.rtpengineBin, cwd: o.dir,
    ...(o.users && { user: { uid: o.users.rtpengine.uid, gid: o.users.rtpengine.gid } }),
    args: rtpengineArgs({
      interface: o.rtpengine.interface, ngHost: NG_HOST, ngPort: o.rtpengine.ngPort, portMin: o.rtpengine.portMin, portMax: o.rtpengine.portMax,
      threads: sizing.rtpengineThreads, deleteDelaySec: sizing.rtpengineDeleteDelaySec, logLevel: sizing.rtpengineLogLevel,
    }),
  };
}

/** Kamailio's start: private memory for the largest tables written so far, shared memory for the configured capacity. */
export function kamailioSpec(
  o: KamailioEngineOptions, paths: EnginePaths, sized: { tableLoad: TableLoad; needs: CapacityNeeds; memTotalBytes: number | undefined },
): ProcessSpec {
  return {
    command: o.kamailioBin, cwd: o.dir,
    // CAP_NET_BIND_SERVICE: SIP on port 5060 (or any listening address below 1024).
    ...(o.users && { user: { uid: o.users.kamailio.uid, gid: o.users.kamailio.gid, keepCaps: ['net_bind_service'] } }),
    args: kamailioArgs({
      cfgPath: paths.cfg, pidFile: paths.pid, pkgMb: o.pkgMb ?? pkgMbFor(sized.tableLoad),
      shmMb: o.shmMb ?? sizedShmMb(sized.needs, sized.memTotalBytes),
    }),
  };
}

/** What kamailio.cfg is rendered from: `params`, listening where `cfg` says (the agent settings' address without one). */
export function kamailioSettings(
  o: KamailioEngineOptions, paths: EnginePaths, tls: TlsPaths, sizing: EngineSizing, params: KamailioSystemParams, cfg: EngineConfig | null,
): KamailioSettings {
  const p = paths;
  return {
    listen: cfg ? effectiveListen(cfg, o.sip) : o.sip,
    paths: { rundir: p.run, configDb: p.db, cdrDir: p.cdrDir, rpcFifo: p.fifo, rpcReplyDir: p.run, ctlSocket: p.ctl },
    rtpengine: { ngAddress: NG_HOST, ngPort: o.rtpengine.ngPort, timeoutMs: sizing.rtpengineTimeoutMs, tries: sizing.rtpengineTries },
    udpWorkers: o.udpWorkers ?? sizing.udpWorkers,
    receiveBufferBytes: sizing.receiveBufferBytes,
    logLevel: o.logLevel ?? 1,
    params,
    ...(o.gatewayProbeIntervalSec !== undefined && { gatewayProbe: { intervalSec: o.gatewayProbeIntervalSec } }),
    ...(o.trace && { trace: o.trace }),
    tlsConfigFile: tls.config,
  };
}
