// Whether an engine a previous agent left running may be adopted (kept, with its calls) instead
// of being stopped and started fresh. Two questions, both from the owner record (leftovers.ts):
//  - is the process still the one that agent started? Its exe, command line and /proc start time
//    must all equal the record: a pid recycled by the kernel has another start time, a foreign
//    process another command line or binary;
//  - does it run what this agent would start now? The SHA-256 of its rendered files (kamailio.cfg,
//    the engine tables) and of its start arguments must equal what this agent renders: anything
//    else (another version, changed settings, a changed sizing) needs a fresh start to take effect.
import { createHash } from 'node:crypto';
import type { OwnerRecord } from './leftovers';

/** What /proc says about a pid now (procfsTable.ts: procIdentity). */
export interface ProcIdentity {
  /** Field 22 of /proc/<pid>/stat: clock ticks since boot; unique per pid over the boot. */
  startTime: string;
  /** readlink /proc/<pid>/exe; null when it cannot be read. */
  exe: string | null;
  argv: string[];
}

/** What this agent would start for an engine now. */
export interface WantedEngine {
  argv: string[];
  /** The resolved binary (realpath of the command). */
  exe: string;
  /** engineFilesHash of the files the engine reads at start. */
  filesHash: string;
}

export type AdoptDecision = { adopt: true } | { adopt: false; reason: string };

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Pure: adopt the recorded engine, or why not. */
export function adoptDecision(record: OwnerRecord, now: ProcIdentity | null, wanted: WantedEngine): AdoptDecision {
  if (!now) return { adopt: false, reason: `pid ${record.pid} is not running` };
  if (record.startTime === undefined || record.exe === undefined || record.filesHash === undefined || record.argsHash === undefined) {
    return { adopt: false, reason: 'the record was written by an older agent that did not keep engines across restarts' };
  }
  if (record.startTime === '') return { adopt: false, reason: `its start time could not be read when it was started (pid ${record.pid})` };
  if (now.startTime !== record.startTime) return { adopt: false, reason: `pid ${record.pid} was started at another time (a recycled pid)` };
  if (now.exe !== record.exe) return { adopt: false, reason: `pid ${record.pid} runs ${now.exe ?? 'an unreadable binary'}, not ${record.exe}` };
  if (!sameArgv(now.argv, record.argv) || argsHash(now.argv) !== record.argsHash) return { adopt: false, reason: `pid ${record.pid} runs another command line` };
  if (record.exe !== wanted.exe) return { adopt: false, reason: `the engine binary is now ${wanted.exe}` };
  if (record.argsHash !== argsHash(wanted.argv)) return { adopt: false, reason: 'its start arguments changed' };
  if (record.filesHash !== wanted.filesHash) return { adopt: false, reason: 'its configuration changed' };
  return { adopt: true };
}

/** SHA-256 of a command line (NUL-separated, so argument boundaries count). */
export function argsHash(argv: readonly string[]): string {
  return createHash('sha256').update(argv.join('\0')).digest('hex');
}

/** SHA-256 over named file contents, in name order, each length-prefixed. */
export function engineFilesHash(files: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const text = files[name]!;
    h.update(`${name}\0${Buffer.byteLength(text)}\0`).update(text);
  }
  return h.digest('hex');
}
