// The ProcTable of a Linux host, read from /proc.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ProcIdentity } from './adoption';
import type { ProcInfo, ProcTable } from './leftovers';

/** pid, state and process group from /proc/<pid>/stat; comm may hold spaces and ')', so parse after the last ')'. */
function readStat(pid: number): { state: string; pgid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields after comm: state ppid pgrp …
  const pgid = Number(rest[2]);
  return rest[0] && Number.isInteger(pgid) ? { state: rest[0], pgid } : null;
}

function readArgv(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const parts = raw.split('\0');
    if (parts.at(-1) === '') parts.pop();
    return parts;
  } catch {
    return null;
  }
}

export function procInfo(pid: number): ProcInfo | null {
  const stat = readStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return null;
  const argv = readArgv(pid);
  return argv && argv.length > 0 ? { pid, pgid: stat.pgid, argv } : null;
}

/**
 * Field 22 of /proc/<pid>/stat (clock ticks since boot) of a live pid; null when it is gone or a
 * zombie. Set at fork and kept through exec, so it can be read right after a spawn, while the
 * child is still inside execve and its command line reads empty.
 */
export function procStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after comm start at 3 (state); starttime is field 22.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTime = rest[19];
  return !startTime || rest[0] === 'Z' || rest[0] === 'X' ? null : startTime;
}

/** Start time, binary and command line of a live pid (adoption.ts); null when it is gone or a zombie. */
export function procIdentity(pid: number): ProcIdentity | null {
  const startTime = procStartTime(pid);
  if (startTime === null) return null;
  const argv = readArgv(pid);
  if (!argv || argv.length === 0) return null;
  let exe: string | null = null;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // Another user's process without CAP_SYS_PTRACE: compared as unreadable.
  }
  return { startTime, exe, argv };
}

export const procfsTable: ProcTable = {
  list() {
    const out: ProcInfo[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = procInfo(Number(name));
      if (info) out.push(info);
    }
    return out;
  },
  kill(pid, signal) {
    process.kill(pid, signal);
  },
};
