/**
 * What the monitor costs on an idle switch: two real agents (Kamailio + rtpengine each, no
 * calls) run side by side for the same minute, one with the monitor on and one client streaming
 * every series, the other with the monitor off and one client connected. CPU is read from
 * /proc/<pid>/stat (utime + stime) of each agent process, and of its engines, at the start and
 * end of the window. The target: the monitor adds at most 1% of one core to the agent.
 *
 * Needs kamailio and rtpengine; builds dist/switch-agent first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const WINDOW_MS = Number(process.env.MONITOR_BENCH_MS ?? 60_000);
const root = process.cwd();
const TICKS = 100; // USER_HZ on Linux.

function have(bin: string, args: string[]): boolean {
  return spawnSync(bin, args, { stdio: 'ignore' }).error === undefined;
}

/** utime + stime of one process, in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Every descendant of `pid` (the engines and Kamailio's workers). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

async function waitFor<T>(what: string, ms: number, check: () => T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Agent { name: string; proc: ChildProcess; dir: string; socket: string; client?: net.Socket; items: number }

async function startAgent(name: string, monitor: boolean, n: number): Promise<Agent> {
  const dir = mkdtempSync(path.join(tmpdir(), `sd-monbench-${name}-`));
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'run'));
  const base = 11000 + (process.pid % 20) * 200 + n * 100;
  writeFileSync(path.join(dir, 'agent.json'), JSON.stringify({
    dataDir: path.join(dir, 'data'), secretKeyFile: path.join(dir, 'secret.key'), socketDir: path.join(dir, 'run'), adminGroup: null, viewGroup: null,
    engine: { sipAddress: '127.0.0.1', sipPort: 25060 + n + (process.pid % 50) * 2, rtpengineNgPort: 26060 + n + (process.pid % 50) * 2, rtpPortMin: base, rtpPortMax: base + 99, shmMb: 64, pkgMb: 8 },
    monitor: { enabled: monitor },
  }));
  const proc = spawn(process.execPath, [path.join(root, 'dist/switch-agent/switch-agent.mjs'), 'serve', '-c', path.join(dir, 'agent.json')], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const socket = path.join(dir, 'run', 'view.sock');
  await waitFor(`${name} ready`, 30_000, () => {
    if (proc.exitCode !== null) throw new Error(`agent '${name}' exited:\n${log}`);
    return log.includes('switch-agent ready') ? true : undefined;
  });
  return { name, proc, dir, socket, items: 0 };
}

/** A client over view.sock: hello, then (monitor on) a subscription granting credit as items arrive. */
async function connect(a: Agent, subscribe: boolean): Promise<void> {
  const s = net.connect(a.socket);
  a.client = s;
  let buf = '';
  let subId = '';
  s.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const frame = JSON.parse(buf.slice(0, i)) as { type: string; id?: number; result?: { subId: string }; items?: unknown[] };
      buf = buf.slice(i + 1);
      if (frame.type === 'hello' && subscribe) s.write(`${JSON.stringify({ type: 'req', id: 1, method: 'subscribe', params: { topic: 'monitor', credit: 64 } })}\n`);
      if (frame.type === 'res' && frame.id === 1) subId = frame.result?.subId ?? '';
      if (frame.type === 'data' && frame.items) {
        a.items += frame.items.length;
        s.write(`${JSON.stringify({ type: 'credit', subId, credit: frame.items.length })}\n`);
      }
    }
  });
  await new Promise<void>((r) => s.once('connect', () => r()));
  s.write(`${JSON.stringify({ type: 'hello', protocol: 1, client: { name: 'monitor-bench', version: '0', user: 'bench' } })}\n`);
}

function snapshot(a: Agent): { agent: number; engines: number } {
  const pid = a.proc.pid ?? 0;
  return { agent: cpuSeconds(pid), engines: descendants(pid).reduce((s, p) => s + cpuSeconds(p), 0) };
}

async function stop(a: Agent): Promise<void> {
  a.client?.destroy();
  const exited = new Promise((r) => a.proc.once('exit', r));
  a.proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  try {
    process.kill(-(a.proc.pid ?? 0), 'SIGKILL');
  } catch {
    // Already gone.
  }
  rmSync(a.dir, { recursive: true, force: true });
}

const missing = [['kamailio', '-v'], ['rtpengine', '--version']].filter(([b, a]) => !have(b!, [a!])).map(([b]) => b);
if (missing.length > 0) {
  console.log(`monitor cost bench skipped: ${missing.join(', ')} not installed`);
} else {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'agent'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
  const on = await startAgent('on', true, 0);
  const off = await startAgent('off', false, 1);
  try {
    await connect(on, true);
    await connect(off, false);
    await waitFor('the first monitor items', 10_000, () => (on.items > 0 ? true : undefined));
    const t0 = Date.now();
    const [on0, off0] = [snapshot(on), snapshot(off)];
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const secs = (Date.now() - t0) / 1000;
    const [on1, off1] = [snapshot(on), snapshot(off)];
    const pct = (a: number, b: number) => ((b - a) / secs) * 100;
    const r = {
      agentOn: pct(on0.agent, on1.agent), agentOff: pct(off0.agent, off1.agent),
      enginesOn: pct(on0.engines, on1.engines), enginesOff: pct(off0.engines, off1.engines),
    };
    console.log(`idle switch, ${secs.toFixed(0)} s side by side; % of one core (utime+stime from /proc/<pid>/stat)`);
    console.log(`  agent, monitor off, 1 client connected      ${r.agentOff.toFixed(2)} %`);
    console.log(`  agent, monitor on, 1 client streaming       ${r.agentOn.toFixed(2)} %   (${on.items} items received)`);
    console.log(`  monitor's cost to the agent                 ${(r.agentOn - r.agentOff).toFixed(2)} % of one core (target ≤ 1 %)`);
    console.log(`  engines (Kamailio + rtpengine) off / on     ${r.enginesOff.toFixed(2)} % / ${r.enginesOn.toFixed(2)} %  (answering statistics)`);
  } finally {
    await stop(on);
    await stop(off);
  }
}
