// Process and socket helpers for the engine integration tests: real processes on loopback,
// readiness by polling with a deadline (never a fixed sleep), cleanup by process group.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertMediaPortsOutsideEphemeral, LOCAL_PORT_RANGE_FILE, readLocalPortRange } from '../../../switch-agent/src/engine/mediaPorts';
import { SETPRIV_BIN, throughSetpriv } from '../../../switch-agent/src/engine/nodeProcessHost';

export function haveBinary(name: string, args: string[] = ['-v']): boolean {
  const r = spawnSync(name, args, { stdio: 'ignore' });
  return r.error === undefined;
}

/**
 * Deadline for something the engine or the agent does on its own schedule (a log line, a monitor
 * sample, a call record ingested, a traced message): a safety net, not a claim. On this 2-core
 * machine, shared with other suites, a process can wait seconds for the CPU, so a few seconds'
 * deadline failed tests whose condition came true a moment later. A test that claims a time
 * measures it and asserts on the measurement, never on this deadline.
 */
export const SETTLE_MS = 20_000;

/** Polls `check` until it returns a value other than undefined, or throws after `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A UDP port that was free on `host` a moment ago. */
export function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** True once some process has bound host:port (our own bind attempt fails with EADDRINUSE). */
export function udpPortBound(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(true));
    s.bind(port, host, () => s.close(() => resolve(false)));
  });
}

/** A TCP port that was free on `host` a moment ago. */
export function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no TCP port'))));
    });
  });
}

/** True once something accepts TCP connections on host:port. */
export function tcpPortListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect({ host, port });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/**
 * Starts a process in its own process group so that it and its forks can be stopped together.
 * A group outlives a test or bench process that is killed (its stopGroup never runs), so the
 * process is started through setpriv with a parent-death signal, as the agent starts its engines
 * (nodeProcessHost.ts): SIGTERM, which Kamailio's main process passes on to its workers (SIGKILL
 * would leave them running). Without setpriv the group is started as before.
 */
export function startGroup(cmd: string, args: string[], cwd: string): ChildProcess {
  const spec = existsSync(SETPRIV_BIN) ? throughSetpriv({ command: cmd, args, cwd }, 'SIGTERM') : { command: cmd, args };
  const child = spawn(spec.command, spec.args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Always read the pipes away: an unread one fills and then blocks the process mid-run. A caller
  // that wants the output adds its own 'data' listener.
  child.stdout?.on('data', () => undefined);
  child.stderr?.on('data', () => undefined);
  return child;
}

/** A sipp started by startBoundSipp: its process, its port, and the last of its screen. */
export interface BoundSipp {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
}

/**
 * sipp listening on `host` (`port`, else a free one), resolved once its UDP port is bound. A port
 * free a moment ago can be taken since (every suite on this machine binds ephemeral UDP ports):
 * sipp then exits with 254, and another port is tried, unless the caller chose it. The 15 s are a
 * deadline, not a wait: a start took over 5 s at a load average of 23.
 */
export async function startBoundSipp(host: string, args: string[], cwd: string, port?: number): Promise<BoundSipp> {
  for (let attempt = 1; ; attempt++) {
    const p = port ?? (await freeUdpPort(host));
    const child = startGroup('sipp', [...args, '-i', host, '-p', String(p)], cwd);
    let out = '';
    const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-3000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const up = await waitFor(`sipp on ${host}:${p}`, 15_000, async () => {
      if (child.exitCode !== null) return 'exited';
      return (await udpPortBound(host, p)) ? 'bound' : undefined;
    }).catch(async (e: Error) => {
      await stopGroup(child);
      throw new Error(`${e.message}\n--- sipp output ---\n${out}`);
    });
    if (up === 'bound') return { child, port: p, output: () => out };
    if (child.exitCode === 254 && port === undefined && attempt < 3) continue;
    throw new Error(`sipp on ${host}:${p} exited with code ${child.exitCode}\n--- sipp output ---\n${out}`);
  }
}

export async function stopGroup(child: ChildProcess | undefined, ms = 3000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const pgid = child.pid;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), ms));
  if ((await Promise.race([exited, timer])) === 'late') {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
  }
}

export interface RunResult { code: number | null; ms: number; output: string }

/** Runs a process to completion (bounded by `ms`), returning its exit code and duration. */
export function run(cmd: string, args: string[], cwd: string, ms: number, onSpawn?: (pid: number) => void): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) onSpawn?.(child.pid);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started, output });
    });
  });
}

/** All lines of the db_flatstore files for `table` in `dir`, split on '|'. */
export function flatstoreRows(dir: string, table: string): string[][] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${table}_`) && f.endsWith('.log'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.length > 0)
    .map((l) => l.split('|'));
}

/** Sends one SIP request from host:port and resolves with the first reply, or undefined after `ms`. */
export function sipRequest(from: string, to: { host: string; port: number }, text: (localPort: number) => string, ms: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      resolve(undefined);
    }, ms);
    s.once('error', (e) => {
      clearTimeout(timer);
      s.close();
      reject(e);
    });
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m.toString());
    });
    s.bind(0, from, () => s.send(text(s.address().port), to.port, to.host));
  });
}

export function options(from: string, localPort: number, to: { host: string; port: number }, tag: string): string {
  return [
    `OPTIONS sip:ping@${to.host}:${to.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${from}:${localPort};branch=z9hG4bK-${tag}`,
    `From: <sip:probe@${from}>;tag=${tag}`,
    `To: <sip:ping@${to.host}>`,
    `Call-ID: ${tag}@${from}`,
    'CSeq: 1 OPTIONS',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/**
 * A block of rtpengine media ports for a test rig, under the agent's own rule: refused (naming both
 * ranges) when it overlaps the kernel's ephemeral range, where any socket could take a media port.
 * Blocks below 32768 by suite: cdr-ingest 6000–9999, call-flow 10000–14999, driver 15000–19999, agent harness
 * 20000–28999, sandbox 29000–29399, e2e 29400–30999, agent monitor 30800–31399, siptrace
 * 31400–31799, agent crash 31800–32599; the load rig uses 61000–65535 (above the ephemeral range),
 * the engine bench the whole range below it (largestMediaPortsBelowEphemeral).
 */
export function mediaPorts(min: number, size: number): { min: number; max: number } {
  const range = { min, max: min + size - 1 };
  assertMediaPortsOutsideEphemeral(range);
  return range;
}

/** The lowest port a rig's rtpengine may use (rtpengineArgs refuses privileged ports). */
const UNPRIVILEGED = 1024;

/**
 * The largest media range below the kernel's ephemeral range (1024 up to the port before it), for a
 * run that has the machine to itself (the engine bench): the agent's rule, as large as fits. It
 * spans the suites' blocks above, so a suite running at the same time can hold a port of it, and
 * rtpengine then fails that call's offer ("Address already in use"); the bench says so.
 */
export function largestMediaPortsBelowEphemeral(file = LOCAL_PORT_RANGE_FILE): { min: number; max: number } {
  const ephemeral = readLocalPortRange(file);
  if (!ephemeral) throw new Error(`cannot read the kernel's ephemeral port range (${file})`);
  if (ephemeral.min - 1 - UNPRIVILEGED < 1000) {
    throw new Error(`no room for media ports below the kernel's ephemeral range ${ephemeral.min}–${ephemeral.max} (${file})`);
  }
  return mediaPorts(UNPRIVILEGED, ephemeral.min - UNPRIVILEGED);
}
