// After teardown nothing the fixture started may survive. Such a process names the temp root in
// its command line or runs inside it (cwd), or carries one of the fixture's unique markers
// (rtpengine has no path argument, but its --listen-ng port is the fixture's own).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface OrphanQuery {
  /** The fixture's temp root. */
  root: string;
  /** Further command-line fragments only this fixture's processes carry. */
  markers?: readonly string[];
}

function read(pid: string): { cmd: string; cwd: string } | null {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // kernel threads and other users' processes may hide it
    }
    return { cmd, cwd };
  } catch {
    return null; // exited while we looked
  }
}

/** Live processes (Linux /proc) that belong to the fixture described by `q`, excluding this one. */
export function fixtureProcesses(q: OrphanQuery): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const p = read(name);
    if (!p || p.cmd === '') continue;
    const ours = p.cmd.includes(q.root) || p.cwd === q.root || p.cwd.startsWith(`${q.root}/`) || (q.markers ?? []).some((m) => p.cmd.includes(m));
    if (ours) found.push({ pid: Number(name), cmd: p.cmd });
  }
  return found;
}

/** Waits briefly for stragglers to finish exiting, then kills and names any that did not. */
export async function reapOrphans(q: OrphanQuery, graceMs = 5000): Promise<string[]> {
  const until = Date.now() + graceMs;
  let left = fixtureProcesses(q);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = fixtureProcesses(q);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return left.map((p) => `${p.pid}: ${p.cmd}`);
}
