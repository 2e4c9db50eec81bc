// CPU used by the processes of a load rig, read from /proc: a process group's total (Kamailio's
// forked workers, rtpengine's threads, sipp), and the machine's own busy/total jiffies, so a bench
// can say which component was near saturation at a step. Linux only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux we run on). */
const HZ = 100;

/** Fields of /proc/<pid>/stat after the `(comm)`, which may itself hold spaces and parentheses. */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime (+ reaped children's with `children`) of one /proc stat line, in ms. */
export function statCpuMs(text: string, children = false): number {
  const f = statFields(text);
  // After comm: [0]=state [1]=ppid [2]=pgrp … [11]=utime [12]=stime [13]=cutime [14]=cstime.
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1000) / HZ;
}

export function statPgrp(text: string): number {
  return Number(statFields(text)[2]);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** CPU ms used so far by every live process of process group `pgid` (threads included). */
export function groupCpuMs(pgid: number): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readOrEmpty(`/proc/${d}/stat`);
    if (s && statPgrp(s) === pgid) total += statCpuMs(s);
  }
  return total;
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat). */
export function machineJiffies(text = readFileSync('/proc/stat', 'utf8')): { busy: number; total: number } {
  const v = (text.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/** `127.0.0.1` + 5060 as /proc/net/udp writes a local address: `0100007F:13C4`. */
function procNetAddress(ip: string, port: number): string {
  const hexIp = ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase()).reverse().join('');
  return `${hexIp}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
}

/**
 * Datagrams the kernel dropped on the UDP socket(s) bound to ip:port since they were opened (last
 * column of /proc/net/udp): a full receive buffer, i.e. the reader fell behind.
 */
export function udpDrops(ip: string, port: number, table = readOrEmpty('/proc/net/udp')): number {
  const local = procNetAddress(ip, port);
  let drops = 0;
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local) drops += Number(f[f.length - 1]);
  }
  return drops;
}

/** A component to watch: a process group (Kamailio's forks, rtpengine) or one process (the sipp UAC, run under sh). */
export type Watch = { pgid: number } | { pid: number };

/** The live processes of each watched component, in one pass over /proc. */
export function pidsOf(watch: Record<string, Watch>): Record<string, number[]> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(watch).map((k) => [k, []]));
  const entries = Object.entries(watch);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readOrEmpty(`/proc/${d}/stat`);
    if (!s) continue;
    const pid = Number(d);
    const pgrp = statPgrp(s);
    for (const [k, w] of entries) if ('pgid' in w ? w.pgid === pgrp : w.pid === pid) out[k]!.push(pid);
  }
  return out;
}

/** CPU ms used so far by each component's processes (threads included); a component none of whose processes is left is omitted. */
export function cpuOfPids(pids: Record<string, number[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, list] of Object.entries(pids)) {
    const stats = list.map((pid) => readOrEmpty(`/proc/${pid}/stat`)).filter((s) => s !== '');
    if (stats.length > 0) out[k] = stats.reduce((sum, s) => sum + statCpuMs(s), 0);
  }
  return out;
}

/** The first live child of `pid` (the sipp a wrapper shell started), if any. */
export function childOf(pid: number): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readOrEmpty(`/proc/${d}/stat`);
    if (s && Number(statFields(s)[1]) === pid) return Number(d);
  }
  return undefined;
}

/** Sockets process `pid` holds open (rtpengine: its media ports, 2 per side and stream, plus a few of its own). */
export function socketCount(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // Closed between the listing and the read.
    }
  }
  return n;
}
