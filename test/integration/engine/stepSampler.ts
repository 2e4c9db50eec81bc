// What a load step looks like while it runs, not only its averages: every `intervalMs` the CPU of
// each component (process groups, read from /proc/<pid>/stat), the machine's busy jiffies and a
// few gauges (rtpengine sessions and media ports in use, Kamailio transactions and dialogs). A
// failing step's sipp run lasts its calls plus the 5 s receive timeout of the calls it lost, so a
// whole-run average dilutes the saturation the step hit; the window while calls were offered
// does not.
import { cpuOfPids, machineJiffies, pidsOf } from './procUsage';
import type { Watch } from './procUsage';

export interface Sample {
  /** ms since the sampler started. */
  at: number;
  /** Cumulative CPU ms per component. */
  cpu: Record<string, number>;
  machine: { busy: number; total: number };
  gauges: Record<string, number>;
}

export type Gauges = Record<string, () => Promise<number | undefined> | number | undefined>;

export interface Sampler {
  stop(): Promise<Sample[]>;
}

/**
 * Samples the watched components and `gauges`. `watch` is asked at each sample (the UAC starts
 * after the sampler); a component's processes are looked up once, when it first appears (the
 * engines fork at start only), so a sample reads a few stat files, not all of /proc.
 */
export function startSampler(watch: () => Record<string, Watch>, gauges: Gauges, intervalMs = 250): Sampler {
  const t0 = Date.now();
  const samples: Sample[] = [];
  const pids: Record<string, number[]> = {};
  let running = true;
  const take = async (): Promise<void> => {
    const missing = Object.fromEntries(Object.entries(watch()).filter(([k]) => !(k in pids)));
    if (Object.keys(missing).length > 0) Object.assign(pids, pidsOf(missing));
    const cpu = cpuOfPids(pids);
    const machine = machineJiffies();
    const at = Date.now() - t0;
    const values: Record<string, number> = {};
    await Promise.all(Object.entries(gauges).map(async ([k, f]) => {
      try {
        const v = await f();
        if (v !== undefined && Number.isFinite(v)) values[k] = v;
      } catch {
        // A gauge that does not answer in time is left out of this sample, not zero.
      }
    }));
    samples.push({ at, cpu, machine, gauges: values });
  };
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await take();
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await take();
      return samples;
    },
  };
}

export interface WindowCpu {
  /** Wall ms between the two samples the window spans. */
  ms: number;
  /** CPU ms per component inside the window (a component seen in only one sample is left out). */
  components: Record<string, number>;
  /** 0–1 of all cores. */
  machineBusy: number;
}

/**
 * CPU between the first sample at or after `from` and the last at or before `to` (ms since start).
 * A component seen in only part of the window (the UAC starts after the first sample) is scaled
 * from the samples it is in to the whole window.
 */
export function windowCpu(samples: Sample[], from: number, to: number): WindowCpu | undefined {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const a = inside[0];
  const b = inside[inside.length - 1];
  if (!a || !b || b.at <= a.at) return undefined;
  const ms = b.at - a.at;
  const components: Record<string, number> = {};
  for (const k of new Set(inside.flatMap((s) => Object.keys(s.cpu)))) {
    const seen = inside.filter((s) => s.cpu[k] !== undefined);
    const first = seen[0]!;
    const last = seen[seen.length - 1]!;
    if (last.at > first.at) components[k] = ((last.cpu[k]! - first.cpu[k]!) * ms) / (last.at - first.at);
  }
  return { ms, components, machineBusy: (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total) };
}

/** The highest value each gauge reached. */
export function gaugePeaks(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) for (const [k, v] of Object.entries(s.gauges)) out[k] = Math.max(out[k] ?? v, v);
  return out;
}
