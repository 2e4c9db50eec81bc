/**
 * Which servers need a look first: pure rules over a server's connection state and its fleet
 * trend. Each rule gives a reason and a severity; servers sort by their worst reason, then by how
 * many they have, then by name. Thresholds are fixed here (the alert rules, stored on the agent,
 * are where an operator tunes them).
 */
import type { ConnState } from '../servers/ServersContext';
import type { FleetTrend } from './fleetTrend';

export type TroubleReason = 'alertsCritical' | 'alertsWarning' | 'unreachable' | 'engineDown' | 'mediaDown' | 'diskFull' | 'diskHigh' | 'cpuHigh' | 'cpuBusy' | 'asrLow' | 'asrFalling' | 'portsLow' | 'gatewaysDown' | 'noData';

export interface Trouble {
  /** The worst severity (0 healthy; below 0: not connected by choice, listed last). */
  score: number;
  reasons: Array<{ reason: TroubleReason; severity: number; value?: number }>;
}

/** Minutes of slots the CPU and ASR rules average over. */
const CPU_SLOTS = 4; // 1 minute
const ASR_SLOTS = 60; // 15 minutes
/** Fewer attempts than this in the ASR window say nothing about the ratio. */
const ASR_MIN_ATTEMPTS = 20;

function mean(xs: Float64Array, from: number): number {
  let sum = 0;
  let n = 0;
  for (let i = from; i < xs.length; i++) {
    const v = xs[i] ?? NaN;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** Firing alerts of a server by severity (pending ones are not counted: they may never fire). */
export interface FiringAlerts {
  critical: number;
  warning: number;
}

export function troubleOf(state: ConnState, trend: FleetTrend | undefined, now: number, firing?: FiringAlerts): Trouble {
  if (state === 'failed') return { score: 90, reasons: [{ reason: 'unreachable', severity: 90 }] };
  if (state !== 'connected') return { score: -1, reasons: [] };
  const reasons: Trouble['reasons'] = [];
  const add = (reason: TroubleReason, severity: number, value?: number) => reasons.push(value === undefined ? { reason, severity } : { reason, severity, value });
  const v = trend?.latest ?? {};
  // The server's own alert rules, tuned by its operator, come first: a critical alert outranks
  // everything read from the trend here, a warning sits with the busy-CPU and falling-ASR signs.
  if (firing && firing.critical > 0) add('alertsCritical', 95, firing.critical);
  if (firing && firing.warning > 0) add('alertsWarning', 40, firing.warning);
  if (!trend || trend.latestT === 0) add('noData', 20);
  if (v['engine.up'] === 0) add('engineDown', 100);
  if (v['rtp.up'] === 0) add('mediaDown', 80);
  let disk = -1;
  for (const [id, x] of Object.entries(v)) if (id.startsWith('sys.fs.') && id.endsWith('.used_pct')) disk = Math.max(disk, x);
  if (disk >= 95) add('diskFull', 85, disk);
  else if (disk >= 90) add('diskHigh', 50, disk);
  // Probed routing gateways not answering OPTIONS: calls still go out through the others.
  const gwDown = v['gw.status.routing_down'];
  if (gwDown !== undefined && gwDown > 0) add('gatewaysDown', 45, gwDown);
  const ports = v['rtp.ports.used_pct'];
  if (ports !== undefined && ports >= 90) add('portsLow', 65, ports);
  if (trend) {
    const cpuSlots = trend.series('sys.cpu.total', now);
    const cpu = mean(cpuSlots, cpuSlots.length - CPU_SLOTS);
    if (cpu >= 90) add('cpuHigh', 60, cpu);
    else if (cpu >= 75) add('cpuBusy', 30, cpu);
    const attempts = trend.series('engine.calls.attempts', now);
    const answered = trend.series('engine.calls.answered', now);
    let tried = 0;
    let ok = 0;
    for (let i = attempts.length - ASR_SLOTS; i < attempts.length; i++) {
      const a = attempts[i] ?? NaN;
      if (Number.isNaN(a)) continue;
      // Slots hold per-second averages over 15 s: × 15 is the count.
      tried += a * 15;
      ok += (answered[i] ?? 0) * 15;
    }
    if (tried >= ASR_MIN_ATTEMPTS) {
      const asr = (ok / tried) * 100;
      if (asr < 30) add('asrLow', 70, asr);
      else if (asr < 50) add('asrFalling', 35, asr);
    }
  }
  reasons.sort((a, b) => b.severity - a.severity);
  return { score: reasons[0]?.severity ?? 0, reasons };
}

/** Worst first; equal: more reasons first; then by name. */
export function compareTrouble(a: { name: string; trouble: Trouble }, b: { name: string; trouble: Trouble }): number {
  return b.trouble.score - a.trouble.score || b.trouble.reasons.length - a.trouble.reasons.length || a.name.localeCompare(b.name, undefined, { numeric: true });
}

