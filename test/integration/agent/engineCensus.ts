// Who really runs and listens: engine processes found by their command line, and the processes
// that hold a UDP socket bound to an address (from /proc/net/udp and /proc/<pid>/fd). Used to
// prove there is exactly one engine pair after an agent crash, whatever the agent believes.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ProcInfo } from '../../../switch-agent/src/engine/leftovers';
import { procfsTable } from '../../../switch-agent/src/engine/procfsTable';

/** Live processes whose command line contains `marker` as one argument or part of one. */
export function processesWith(marker: string): ProcInfo[] {
  return procfsTable.list().filter((p) => p.argv.some((a) => a.includes(marker)));
}

/** `127.0.0.1:5060` as /proc/net/udp writes it: `0100007F:13C4`. */
function procNetAddress(ip: string, port: number): string {
  const hex = ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase()).reverse().join('');
  return `${hex}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Pids holding a UDP socket bound to ip:port (several when SO_REUSEADDR lets two processes share it). */
export function udpSocketOwners(ip: string, port: number): number[] {
  const want = procNetAddress(ip, port);
  const inodes = new Set(
    readFileSync('/proc/net/udp', 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[1] === want)
      .map((f) => f[9]),
  );
  const owners: number[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1]);
      } catch {
        return false;
      }
    });
    if (holds) owners.push(Number(pid));
  }
  return owners.sort((a, b) => a - b);
}
