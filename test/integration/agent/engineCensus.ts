// Who really runs and listens: engine processes found by their command line, and the processes
// that hold a UDP socket bound to an address (from /proc/net/udp and /proc/<pid>/fd). Used to
// prove there is exactly one engine pair after an agent crash, whatever the agent believes.
// Also what the agent itself says: the engine pids engine.status reports once both run.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { AgentClient } from '../../../electron/core/agent';
import type { ProcInfo } from '../../../switch-agent/src/engine/leftovers';
import { procfsTable } from '../../../switch-agent/src/engine/procfsTable';

/** Live processes whose command line contains `marker` as one argument or part of one. */
export function processesWith(marker: string): ProcInfo[] {
  return procfsTable.list().filter((p) => p.argv.some((a) => a.includes(marker)));
}

/**
 * A /proc table read three times, lines united: the kernel serves it a page per read() and resumes
 * by position, so a socket another suite's process closes meanwhile shifts the rest and a line can
 * be skipped in one pass (seen: an engine's bound socket missing from the census).
 */
function wholeProcFile(path: string): string {
  const lines = new Set<string>();
  for (let i = 0; i < 3; i++) for (const l of readFileSync(path, 'utf8').split('\n')) lines.add(l);
  return [...lines].join('\n');
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
    wholeProcFile('/proc/net/udp')
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

/** Connects to an agent's socket; undefined while nothing listens there yet. */
export async function connectAgent(socket: string, name: string): Promise<AgentClient | undefined> {
  const stream = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(socket);
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  }).catch(() => undefined);
  if (!stream) return undefined;
  return AgentClient.connect(stream, { server: name, client: { name, version: '0', user: 'ops' } }).catch(() => undefined);
}

/** The pids engine.status reports when both engines run; undefined until then (for waitFor). */
export async function runningEnginePids(client: AgentClient): Promise<{ kamailio: number; rtpengine: number } | undefined> {
  const { engines } = await client.call('engine.status', {});
  const k = engines.find((e) => e.name === 'kamailio');
  const r = engines.find((e) => e.name === 'rtpengine');
  return k?.state === 'running' && r?.state === 'running' && k.pid && r.pid ? { kamailio: k.pid, rtpengine: r.pid } : undefined;
}
