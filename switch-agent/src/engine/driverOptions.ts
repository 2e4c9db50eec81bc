// Options of the Kamailio + rtpengine driver, and how the agent's settings file fills them.
import type { AgentConfig } from '../config/agentConfig';
import type { Clock } from './clock';
import type { EngineSizing } from './engineSizing';
import type { EngineUsers } from './engineUsers';
import type { HostLimits } from './engineCapacity';
import type { BindProbe } from './listenCheck';
import type { KamailioTraceSettings } from './kamailio/traceCfg';
import type { ProcTable } from './leftovers';
import type { BackoffPolicy, ProcessHost } from './supervisor';

export interface KamailioEngineOptions {
  /** Engine working directory: cfg, engine.sqlite, RPC FIFO, ctl socket, pid file. */
  dir: string;
  /** db_flatstore CDR directory (default `<dir>/cdr`). */
  cdrDir?: string;
  kamailioBin: string;
  rtpengineBin: string;
  sip: { address: string; port: number };
  rtpengine: { interface: string; ngPort: number; portMin: number; portMax: number };
  /** Kamailio's shared memory, MB; absent = sized at each start from the configured capacity (engineCapacity.ts). */
  shmMb?: number;
  /** Host memory and ephemeral port range the capacity check compares with (default: read from /proc). */
  hostLimits?: HostLimits;
  /** Kamailio's private memory (MB per process); absent = sized at each start from the tables (pkgMbFor). */
  pkgMb?: number;
  /** Workers, buffers, rtpengine timeouts and threads (default: engineSizing(readHostFacts())). */
  sizing?: EngineSizing;
  /** Overrides sizing.udpWorkers (tests keep engines small). */
  udpWorkers?: number;
  logLevel?: number;
  /** How long a start may take to answer RPC / ng ping. */
  readyTimeoutMs?: number;
  /** permissions reload_delta (5 s) plus a margin for Kamailio's whole-second clock. */
  addressReloadDeltaMs?: number;
  host?: ProcessHost;
  /** Where leftovers of an earlier agent are looked for (default: /proc). */
  procTable?: ProcTable;
  /** Things worth an operator's attention that are not errors of a call (leftovers stopped). */
  log?: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;
  clock?: Clock;
  backoff?: BackoffPolicy;
  /** Seconds between OPTIONS probes of the probed routing gateways (default 30). */
  gatewayProbeIntervalSec?: number;
  /** Whether this host can bind a UDP address (default: a real socket, listenCheck.ts). */
  bindProbe?: BindProbe;
  /** The agent's HEP listener: renders siptrace (switched off) into kamailio.cfg. */
  trace?: KamailioTraceSettings;
  /** The users Kamailio and rtpengine run as (engineUsers.ts); absent = the agent's own user. */
  users?: EngineUsers;
}

/** Driver options from the agent's settings file; the engine lives in `<dataDir>/engine`. */
export function engineOptionsFromAgentConfig(c: AgentConfig): KamailioEngineOptions {
  return {
    dir: `${c.dataDir}/engine`,
    kamailioBin: c.engine.kamailioBin,
    rtpengineBin: c.engine.rtpengineBin,
    sip: { address: c.engine.sipAddress, port: c.engine.sipPort },
    rtpengine: { interface: c.engine.sipAddress, ngPort: c.engine.rtpengineNgPort, portMin: c.engine.rtpPortMin, portMax: c.engine.rtpPortMax },
    ...(c.engine.shmMb !== null && { shmMb: c.engine.shmMb }),
    gatewayProbeIntervalSec: c.engine.gatewayProbeIntervalSec,
    ...(c.engine.pkgMb !== null && { pkgMb: c.engine.pkgMb }),
  };
}
