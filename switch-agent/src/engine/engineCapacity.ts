// How many calls the configuration says this switch carries, what that needs of Kamailio's shared
// memory and rtpengine's media ports, and whether the host can give it. Pure.
//
// Where the capacity comes from — decision: the gateways' own limits, because the model has no
// system-wide capacity value (no SS_* parameter of the VOS3000 articles is one; VOS3000 limits
// calls per gateway) and because those limits are what the engine enforces. Every call enters
// through one mapping gateway (or a registered endpoint) and leaves through one routing gateway at
// a time, so the concurrent calls are at most the sum of the enabled mapping gateways'
// maxConcurrentCalls and at most the sum of the enabled routing gateways'; the same for cpsLimit.
// A side with an enabled gateway without a limit (or any enabled endpoint, which has no limit) is
// unbounded; the capacity is the smaller bounded side, or unknown when both are unbounded.
//
// What a call costs (ENGINE-NOTES, measured on Kamailio 5.6 here): shared memory peaks at
// ≈ 0.2 MB per call per second (transactions while they live) plus ≈ 6 KB per active dialog; each
// call holds 4 media ports, kept for rtpengine's delete delay after it ends. The admission check
// counts 48 KB more per call admitted in the last second (cfgAdmission.ts: its reading of memory in
// use is up to 1 s old), so 0.25 MB per call per second is sized.

export interface Capacity {
  /** Concurrent calls; null = no limit configured. */
  calls: number | null;
  /** New calls per second; null = no limit configured. */
  cps: number | null;
}

type Limited = { enabled: boolean; maxConcurrentCalls: number | null; cpsLimit: number | null };

/** The sum of one side's limits, or null when one enabled gateway of it has none. */
function sideSum(gateways: readonly Limited[], key: 'maxConcurrentCalls' | 'cpsLimit', unboundedExtra: boolean): number | null {
  if (unboundedExtra) return null;
  let sum = 0;
  for (const g of gateways) {
    if (!g.enabled) continue;
    const v = g[key];
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

function minKnown(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** The parts of a ConfigSnapshot the capacity reads. */
export interface CapacitySource {
  routingGateways: readonly Limited[];
  mappingGateways: readonly Limited[];
  endpoints?: readonly { enabled: boolean }[];
}

export function configuredCapacity(s: CapacitySource): Capacity {
  const endpoints = (s.endpoints ?? []).some((e) => e.enabled);
  return {
    calls: minKnown(sideSum(s.mappingGateways, 'maxConcurrentCalls', endpoints), sideSum(s.routingGateways, 'maxConcurrentCalls', false)),
    cps: minKnown(sideSum(s.mappingGateways, 'cpsLimit', endpoints), sideSum(s.routingGateways, 'cpsLimit', false)),
  };
}

/** Shared memory Kamailio needs before any call: modules, tables, htables (64 MB ran the test suites). */
export const BASE_SHM_MB = 48;
export const SHM_MB_PER_CPS = 0.25;
export const SHM_KB_PER_DIALOG = 6;
export const MEDIA_PORTS_PER_CALL = 4;
/**
 * When only concurrent calls are limited, calls per second are estimated from them as if the
 * average call (failed attempts included) lasted this long. Set cpsLimit for an exact figure.
 */
export const ASSUMED_AVERAGE_CALL_SEC = 10;
/** The size Kamailio ran with before sizing existed: never less. */
export const MIN_SIZED_SHM_MB = 256;
/** Kamailio's shared memory may take at most this share of the host's memory (the rest: OS, rtpengine, agent, workers' private memory). */
export const HOST_SHM_SHARE = 0.5;

export interface CapacityNeeds {
  /** Calls per second used for the memory estimate (configured or estimated); null = unknown. */
  cps: number | null;
  /** Shared memory the capacity needs at its peak, MB; null = unknown. */
  shmMb: number | null;
  /** Media ports the capacity holds at once; null = unknown. */
  mediaPorts: number | null;
}

export function capacityNeeds(c: Capacity, deleteDelaySec: number): CapacityNeeds {
  const cps = c.cps ?? (c.calls === null ? null : Math.ceil(c.calls / ASSUMED_AVERAGE_CALL_SEC));
  if (cps === null) return { cps: null, shmMb: null, mediaPorts: null };
  // Only calls per second limited: dialogs and held ports depend on how long calls last, which
  // nothing bounds; the memory figure then counts the transactions alone (a lower bound).
  const calls = c.calls ?? 0;
  return {
    cps,
    shmMb: Math.ceil(BASE_SHM_MB + SHM_MB_PER_CPS * cps + (SHM_KB_PER_DIALOG * calls) / 1024),
    mediaPorts: c.calls === null ? null : MEDIA_PORTS_PER_CALL * (calls + cps * deleteDelaySec),
  };
}

/** The most shared memory Kamailio may have on a host with this much memory, MB. */
export function hostShmLimitMb(memTotalBytes: number): number {
  return Math.floor((memTotalBytes / 1048576) * HOST_SHM_SHARE);
}

/**
 * Kamailio's `-m` when the settings do not pin it: the capacity's peak with a quarter of headroom,
 * in 16 MB steps, at least MIN_SIZED_SHM_MB, at most what the host allows.
 */
export function sizedShmMb(needs: CapacityNeeds, memTotalBytes: number | undefined): number {
  const wanted = needs.shmMb === null ? MIN_SIZED_SHM_MB : Math.max(MIN_SIZED_SHM_MB, Math.ceil((needs.shmMb * 1.25) / 16) * 16);
  if (memTotalBytes === undefined) return wanted;
  return Math.max(64, Math.min(wanted, hostShmLimitMb(memTotalBytes)));
}

/** Ports a host can give rtpengine: every unprivileged port below the kernel's ephemeral range. */
export function hostMediaPortLimit(ephemeralMin: number): number {
  return Math.max(0, ephemeralMin - 1024);
}

function describe(c: Capacity, needs: CapacityNeeds): string {
  const parts = [
    c.calls === null ? null : `${c.calls} concurrent calls`,
    c.cps !== null ? `${c.cps} calls per second` : needs.cps !== null ? `about ${needs.cps} calls per second (estimated as ${ASSUMED_AVERAGE_CALL_SEC} s calls)` : null,
  ].filter(Boolean);
  return `the configured capacity (${parts.join(', ')}, the sum of the gateways' maxConcurrentCalls and cpsLimit)`;
}

export interface HostLimits {
  memTotalBytes?: number;
  /** Start of the kernel's ephemeral port range; undefined where unknown. */
  ephemeralMin?: number;
}

/** Why this host cannot hold the capacity (memory or ports, naming both numbers), or null. */
export function capacityProblem(c: Capacity, needs: CapacityNeeds, host: HostLimits): string | null {
  if (needs.shmMb !== null && host.memTotalBytes !== undefined && needs.shmMb > hostShmLimitMb(host.memTotalBytes)) {
    return (
      `${describe(c, needs)} needs about ${needs.shmMb} MB of Kamailio shared memory, but this host has ` +
      `${Math.floor(host.memTotalBytes / 1048576)} MB of memory, of which at most ${hostShmLimitMb(host.memTotalBytes)} MB may go to it; ` +
      `lower the gateways' limits or add memory`
    );
  }
  if (needs.mediaPorts !== null && host.ephemeralMin !== undefined && needs.mediaPorts > hostMediaPortLimit(host.ephemeralMin)) {
    return (
      `${describe(c, needs)} needs ${needs.mediaPorts} media ports (${MEDIA_PORTS_PER_CALL} per call, kept after it ends), but this host has only ` +
      `${hostMediaPortLimit(host.ephemeralMin)} ports between 1024 and its ephemeral port range (from ${host.ephemeralMin}); ` +
      `lower the gateways' limits or move the ephemeral range (sysctl net.ipv4.ip_local_port_range)`
    );
  }
  return null;
}

/** Why the settings' own sizes (a pinned shmMb, the media port range) fall short of the capacity, or null: worth a warning, not a refusal. */
export function settingsShortfall(c: Capacity, needs: CapacityNeeds, settings: { shmMb?: number; mediaPorts: number }): string | null {
  if (needs.mediaPorts !== null && needs.mediaPorts > settings.mediaPorts) {
    return `${describe(c, needs)} needs ${needs.mediaPorts} media ports; engine.rtpPortMin–rtpPortMax holds ${settings.mediaPorts}`;
  }
  if (settings.shmMb !== undefined && needs.shmMb !== null && needs.shmMb > settings.shmMb) {
    return `${describe(c, needs)} needs about ${needs.shmMb} MB of Kamailio shared memory; engine.shmMb pins ${settings.shmMb} MB`;
  }
  return null;
}
