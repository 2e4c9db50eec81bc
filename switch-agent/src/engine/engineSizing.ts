// How many Kamailio workers, how long they wait for rtpengine, how large a receive buffer and how
// much private memory: a pure function of the host's facts and the configured tables, so the
// engine scales with the machine instead of carrying constants sized for a laptop.
//
// Why these rules (measured with `npm run bench -- engineLoad`, see bench/engineLoad.bench.ts):
//  - Every call costs each Kamailio worker three synchronous ng round trips to rtpengine (offer,
//    answer, delete). While a worker waits it reads no SIP; with 4 workers on 2 cores, a short
//    rtpengine hiccup left no worker reading, the SIP socket's 256 kB buffer (Kamailio's default
//    maxbuffer) overflowed — the kernel dropped thousands of datagrams per step — and calls timed
//    out while Kamailio used well under a core. More workers than cores keep someone reading,
//    and a buffer as large as the host allows absorbs the bursts.
//  - rtpengine_tout_ms 1000 with 2 tries held a worker up to 2 s per lost or late ng reply. On
//    loopback an ng answer takes milliseconds; a few hundred ms already means rtpengine is
//    saturated, and waiting longer only stalls the worker (and with it SIP reading).
//  - rtpengine's own worker threads: one per core (its default, made explicit so the bench and
//    the agent agree on what runs).
//  - rtpengine keeps a deleted call, and its 4 media ports, for --delete-delay (default 30 s).
//    With the default 9,768-port range that caps the engine at ~78 new calls/s of 1 s calls,
//    whatever the CPU: the next offer gets "Ran out of ports" and the rtpengine module takes
//    rtpengine out of use for 5 s. tm already absorbs a retransmitted BYE inside its transaction,
//    so the delay buys little; 1 s keeps a late duplicate delete answered.
//  - rtpengine at its default log level (6, info) prints ~20 lines per call (each ng command, each
//    port, the final packet stats): at 2,000 calls/s 40,000 lines a second, formatted by
//    rtpengine and then read into the agent's log ring. At 4 (warning) it prints no line for a
//    call that goes well and still prints every warning and error ("Ran out of ports"). Measured
//    side by side at 600 calls/s (bench/engineLoad's rig, shared machine): rtpengine CPU per call
//    0.57–0.69 ms at info, 0.48–0.57 at notice, 0.33–0.45 at warning.
import { checkInt } from './kamailio/validate';

export interface HostFacts {
  /** Cores this process may run on (os.availableParallelism()). */
  cpus: number;
  /** net.core.rmem_max: the largest receive buffer a socket may ask for (SO_RCVBUF). */
  rmemMaxBytes: number;
  /** MemTotal of /proc/meminfo; undefined where it cannot be read. */
  memTotalBytes?: number;
}

export interface EngineSizing {
  /** Kamailio `children` for the UDP listener. */
  udpWorkers: number;
  /** Kamailio `maxbuffer`: the ceiling of its receive-buffer probing, bytes. */
  receiveBufferBytes: number;
  /** rtpengine module: how long a worker waits for one ng reply, and how many times it sends. */
  rtpengineTimeoutMs: number;
  rtpengineTries: number;
  /** rtpengine `--num-threads` (0 = its default). */
  rtpengineThreads: number;
  /** rtpengine `--delete-delay`, seconds a deleted call keeps its ports. */
  rtpengineDeleteDelaySec: number;
  /** rtpengine `--log-level` (syslog levels: 4 warning, 6 info, its default). */
  rtpengineLogLevel: number;
}

/** The values the engine ran with before sizing existed (the bench's baseline). */
export const UNSIZED: EngineSizing = {
  udpWorkers: 4,
  receiveBufferBytes: 262_144,
  rtpengineTimeoutMs: 1000,
  rtpengineTries: 2,
  rtpengineThreads: 0,
  rtpengineDeleteDelaySec: 30,
  rtpengineLogLevel: 6,
};

const KAMAILIO_DEFAULT_BUFFER = 262_144;
const MAX_BUFFER = 16 * 1024 * 1024;
const WORKERS_PER_CPU = 4;
const MIN_WORKERS = 8;
const MAX_WORKERS = 64;
const RTPENGINE_LOG_WARNING = 4;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export function engineSizing(host: HostFacts): EngineSizing {
  const cpus = checkInt('host.cpus', host.cpus, 1, 4096);
  const rmem = checkInt('host.rmemMaxBytes', host.rmemMaxBytes, 0, 2 ** 31 - 1);
  return {
    udpWorkers: clamp(cpus * WORKERS_PER_CPU, MIN_WORKERS, MAX_WORKERS),
    // Asking for more than rmem_max gets rmem_max; below Kamailio's own default is never better.
    receiveBufferBytes: clamp(rmem, KAMAILIO_DEFAULT_BUFFER, MAX_BUFFER),
    // Fewer cores, longer scheduling delays under load: give rtpengine more time there.
    rtpengineTimeoutMs: cpus <= 2 ? 500 : 300,
    rtpengineTries: 2,
    rtpengineThreads: clamp(cpus, 1, 64),
    rtpengineDeleteDelaySec: 1,
    rtpengineLogLevel: RTPENGINE_LOG_WARNING,
  };
}

/** What a table reload reads, from the planned rows (routingPlan.ts). */
export interface TableLoad {
  /** dr_gateways + dr_rules rows. */
  droutingRows: number;
  /** Characters of the rules' gateway lists (a prefix shared by many gateways lists them all). */
  gwlistChars: number;
  /** permissions `address` rows. */
  addressRows: number;
}

export function tableLoadOf(plan: { address: unknown[]; drGateways: unknown[]; drRules: { gwlist: string }[] }): TableLoad {
  return {
    droutingRows: plan.drGateways.length + plan.drRules.length,
    gwlistChars: plan.drRules.reduce((n, r) => n + r.gwlist.length, 0),
    addressRows: plan.address.length,
  };
}

/** Private memory a Kamailio process uses before any table is loaded, MB. */
const PKG_BASE_MB = 3;
/**
 * Bytes of private memory per row while a reload reads the table (db_sqlite fetches the whole
 * result into pkg memory before the module builds its shared copy). Measured on 5.6.3: with
 * 4 MB, 4,000 drouting gateways+rules loaded and 5,000 failed; 6,000 address rows loaded and
 * 10,000 failed (test/integration/agent/reload-failure.test.ts). Rounded up.
 */
const PKG_BYTES_PER_DROUTING_ROW = 512;
const PKG_BYTES_PER_ADDRESS_ROW = 512;
/** The size the engine must always be able to load (10,000 routing + 10,000 mapping gateways). */
const FLOOR: TableLoad = { droutingRows: 20_000, gwlistChars: 200_000, addressRows: 10_000 };

/**
 * Private memory for Kamailio (`-M`, MB per process) that lets the tables load with room to grow:
 * twice what is configured now and at least the 10,000 + 10,000 floor. A pkg pool is reserved per
 * process but only touched as used. Sized at each start: a running Kamailio cannot grow it, hence
 * the headroom.
 */
export function pkgMbFor(load: TableLoad): number {
  const rows = (k: keyof TableLoad) => Math.max(FLOOR[k], 2 * checkInt(k, load[k], 0, 2 ** 31 - 1));
  const bytes = rows('droutingRows') * PKG_BYTES_PER_DROUTING_ROW + rows('gwlistChars') * 2 + rows('addressRows') * PKG_BYTES_PER_ADDRESS_ROW;
  return clamp(PKG_BASE_MB + Math.ceil(bytes / (1024 * 1024)), 5, 1024);
}

/**
 * How long the agent waits for a table reload's answer. Kamailio reads and indexes the whole
 * table before it answers: measured drouting.reload of 10,000 gateways + 10,000 rules at 1.8 s on
 * this 2-core machine with other work running, and over 3 s (the old fixed RPC timeout) while it
 * also carried calls — the apply then failed and rolled back although the reload went through.
 * 5 s plus 1 ms per row (~10× the measured cost) keeps a false timeout out of reach; a Kamailio
 * that never answers still fails the apply.
 */
export function reloadTimeoutMs(rows: number): number {
  return clamp(5000 + checkInt('rows', rows, 0, 2 ** 31 - 1), 5000, 120_000);
}
