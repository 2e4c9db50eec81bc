// Engine processes a previous agent started and did not stop (it was killed, or crashed outside
// systemd): found from the owner records the agent writes next to the engine files, and stopped
// before anything new starts — otherwise a second Kamailio binds the same SIP port (Kamailio
// uses SO_REUSEADDR), calls reach the old one, and stopping the old one later deletes the FIFO,
// ctl socket and pid file the new one uses.
//
// Only processes the agent can prove it started are signalled: a process must be in a recorded
// process group (each engine leads its own) AND still run exactly the recorded command line
// (Kamailio's workers are forks of the main process and keep its command line). A recycled pid
// or group id running anything else is left alone.
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { EnginePaths } from './engineFiles';
import type { ProcessHost } from './supervisor';
import type { ProcessName } from './types';

export interface ProcInfo {
  pid: number;
  pgid: number;
  argv: string[];
}

/** The process table (side effects), so the matching and waiting logic is unit-tested with fakes. */
export interface ProcTable {
  /** Every live process (zombies excluded: they hold no port and cannot be signalled away). */
  list(): ProcInfo[];
  kill(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void;
}

export interface OwnerRecord {
  name: ProcessName;
  /** Pid of the process the agent spawned; it leads its own process group. */
  pid: number;
  argv: string[];
  /** What adoption.ts compares at the next agent start (absent in records of older agents). */
  startTime?: string;
  exe?: string;
  argsHash?: string;
  /** Of the files the running engine has in effect: updated after each apply it took at run time. */
  filesHash?: string;
}

const OwnerRecordSchema = z.object({
  name: z.enum(['kamailio', 'rtpengine']),
  pid: z.number().int().positive(),
  argv: z.array(z.string()).min(1),
  startTime: z.string().optional(),
  exe: z.string().optional(),
  argsHash: z.string().optional(),
  filesHash: z.string().optional(),
});

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Pure: the processes that belong to a recorded engine group and still run its recorded command. */
export function ownedLeftovers(procs: readonly ProcInfo[], records: readonly OwnerRecord[], self: number): ProcInfo[] {
  return procs.filter((p) => p.pid !== self && records.some((r) => p.pgid === r.pid && sameArgv(p.argv, r.argv)));
}

export interface ReapOptions {
  /** How long to wait after SIGTERM before SIGKILL (Kamailio stops all its processes in < 0.5 s). */
  termWaitMs?: number;
  /** How long to wait after SIGKILL before giving up. */
  killWaitMs?: number;
  /** Pause between looks at the process table. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  self?: number;
}

export interface ReapResult {
  /** Pids that were running and were stopped. */
  stopped: number[];
  /** Pids still running after SIGKILL and the wait (should never happen; reported, not hidden). */
  survivors: number[];
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** SIGTERM every owned leftover, wait, SIGKILL what remains, wait again. */
export async function reapLeftovers(table: ProcTable, records: readonly OwnerRecord[], o: ReapOptions = {}): Promise<ReapResult> {
  const self = o.self ?? process.pid;
  const sleep = o.sleep ?? realSleep;
  const pollMs = o.pollMs ?? 20;
  const found = ownedLeftovers(table.list(), records, self);
  if (found.length === 0) return { stopped: [], survivors: [] };
  const alive = () => ownedLeftovers(table.list(), records, self);
  const waitGone = async (ms: number) => {
    for (let waited = 0; waited < ms; waited += pollMs) {
      if (alive().length === 0) return;
      await sleep(pollMs);
    }
  };
  for (const p of found) signal(table, p.pid, 'SIGTERM');
  await waitGone(o.termWaitMs ?? 3000);
  const stubborn = alive();
  for (const p of stubborn) signal(table, p.pid, 'SIGKILL');
  if (stubborn.length > 0) await waitGone(o.killWaitMs ?? 2000);
  return { stopped: found.map((p) => p.pid), survivors: alive().map((p) => p.pid) };
}

function signal(table: ProcTable, pid: number, sig: 'SIGTERM' | 'SIGKILL'): void {
  try {
    table.kill(pid, sig);
  } catch {
    // Gone between the look and the signal.
  }
}

/** The owner records in the engine directory: `<name>.owner.json`, one per running engine. */
export class OwnerRecords {
  constructor(private readonly dir: string) {}

  private file(name: ProcessName): string {
    return join(this.dir, `${name}.owner.json`);
  }

  /** Written right after spawn, before the process can have bound anything. Atomic (rename). */
  record(r: OwnerRecord): void {
    const tmp = `${this.file(r.name)}.tmp`;
    writeFileSync(tmp, JSON.stringify(r), { mode: 0o600 });
    renameSync(tmp, this.file(r.name));
  }

  /** Changes fields of the record of `name` if it is still the one for `pid`. */
  update(name: ProcessName, pid: number, patch: Pick<OwnerRecord, 'filesHash'>): void {
    const r = this.read(name);
    if (r?.pid === pid) this.record({ ...r, ...patch });
  }

  /** The record of `name`, or null. */
  get(name: ProcessName): OwnerRecord | null {
    return this.read(name);
  }

  /** Removes the record of `name` if it is still the one for `pid`. */
  forget(name: ProcessName, pid: number): void {
    if (this.read(name)?.pid === pid) rmSync(this.file(name), { force: true });
  }

  all(): OwnerRecord[] {
    return (['kamailio', 'rtpengine'] as const).map((n) => this.read(n)).filter((r): r is OwnerRecord => r !== null);
  }

  clear(): void {
    for (const n of ['kamailio', 'rtpengine'] as const) rmSync(this.file(n), { force: true });
  }

  private read(name: ProcessName): OwnerRecord | null {
    let text: string;
    try {
      text = readFileSync(this.file(name), 'utf8');
    } catch {
      return null;
    }
    try {
      const r = OwnerRecordSchema.safeParse(JSON.parse(text));
      return r.success && r.data.name === name ? r.data : null;
    } catch {
      return null; // Torn or foreign file: nothing it names can be trusted.
    }
  }
}

/**
 * Reply FIFOs (`switchdeck_rpc_<pid>_<n>`) in a listing that another process left behind. One agent
 * owns an engine directory, so any other pid's reply FIFO is stale (its agent died before closing
 * its client); this process's own are removed by KamailioRpcClient.close().
 */
export function staleReplyFifos(names: readonly string[], self: number): string[] {
  return names.filter((n) => {
    const m = /^switchdeck_rpc_(\d+)_\d+$/.exec(n);
    return m !== null && Number(m[1]) !== self;
  });
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Kamailio's own pid file names its main process; trusted only if that process leads its group and runs our cfg. */
function kamailioFromPidFile(paths: EnginePaths, procs: ProcTable): OwnerRecord[] {
  let pid: number;
  try {
    pid = Number(readFileSync(paths.pid, 'utf8').trim());
  } catch {
    return [];
  }
  const p = procs.list().find((x) => x.pid === pid);
  if (!p || p.pgid !== pid || !/kamailio/.test(p.argv[0] ?? '') || !p.argv.includes(paths.cfg)) return [];
  return [{ name: 'kamailio', pid, argv: p.argv }];
}

/**
 * Before an engine starts: stops the engine processes an earlier agent left running (it was
 * killed: its children may still be shutting down, or may have missed the parent-death signal),
 * then removes the files they held — FIFO, ctl socket, pid file, reply FIFOs — so the new engines
 * start alone and no old one can delete their files later.
 */
export async function clearEngineLeftovers(
  paths: EnginePaths,
  owners: OwnerRecords,
  procs: ProcTable,
  log?: (level: 'warn', message: string, fields?: Record<string, unknown>) => void,
  /** Engines being adopted (adoption.ts): left running, with their records and files. */
  keep: readonly ProcessName[] = [],
): Promise<void> {
  const keepKamailio = keep.includes('kamailio');
  const records = owners.all().filter((r) => !keep.includes(r.name));
  const r = await reapLeftovers(procs, [...records, ...(keepKamailio ? [] : kamailioFromPidFile(paths, procs))]);
  if (r.stopped.length > 0) log?.('warn', 'stopped engine processes a previous agent left running', { pids: r.stopped });
  if (r.survivors.length > 0) throw new Error(`engine processes of a previous run would not stop (pids ${r.survivors.join(', ')})`);
  for (const rec of records) owners.forget(rec.name, rec.pid);
  if (!keepKamailio) for (const f of [paths.fifo, paths.ctl, paths.pid]) rmSync(f, { force: true });
  for (const n of staleReplyFifos(listDir(paths.run), process.pid)) rmSync(join(paths.run, n), { force: true });
}

/**
 * `host`, writing an owner record for every child it spawns (with what `extra` adds: start time,
 * binary, hashes) and removing it when the child — or an adopted engine — exits.
 */
export function recordingHost(
  host: ProcessHost,
  owners: OwnerRecords,
  extra: (name: ProcessName, pid: number, argv: string[]) => Partial<OwnerRecord> = () => ({}),
): ProcessHost {
  return {
    spawn(name, spec) {
      const child = host.spawn(name, spec);
      if (child.pid > 0) {
        const argv = [spec.command, ...spec.args];
        owners.record({ ...extra(name, child.pid, argv), name, pid: child.pid, argv });
        child.onExit(() => owners.forget(name, child.pid));
      }
      return child;
    },
    ...(host.adopt && {
      adopt: (name: ProcessName, pid: number) => {
        const child = host.adopt!(name, pid);
        child.onExit(() => owners.forget(name, pid));
        return child;
      },
    }),
  };
}
